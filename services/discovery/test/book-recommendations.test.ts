import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { startRecommendations } from './recommendations-support.ts';
import { bookCreated, orderPlaced } from './shop-events.ts';

interface Item {
  id: string;
  reason: string;
}

describeService("a book's recommendations", startRecommendations, (sut) => {
  const novels = randomUUID();
  const history = randomUUID();
  const titleOf = new Map<string, string>();
  const ids: Record<string, string> = {};

  async function addBooks(categoryId: string, titles: string[], stock = 10): Promise<void> {
    const events = titles.map((title) => bookCreated({ title, categoryId, stock }));
    for (const event of events) {
      titleOf.set(event.payload.bookId, event.payload.title);
      ids[event.payload.title] = event.payload.bookId;
    }
    await sut.deliver(...events);
  }

  async function recommendationsOf(title: string, query = ''): Promise<Array<[string, string]>> {
    const response = await sut.api.get(`/api/books/${ids[title]}/recommendations?${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((item: Item) => [titleOf.get(item.id) ?? item.id, item.reason]);
  }

  beforeAll(async () => {
    await addBooks(novels, ['Saman', 'Larung', 'Amba', 'Pulang', 'Lelaki Harimau']);
    await addBooks(novels, ['Habis Terbit'], 0);
    await addBooks(history, ['Nusantara', 'Revolusi', 'Max Havelaar', 'Babad Diponegoro', 'Jalan Raya Pos', 'Hikayat']);
  });

  it('gives a book of a shop with no sales yet its category’s books, then the others, newest first', async () => {
    const items = await recommendationsOf('Saman', 'limit=6');
    expect(items).toEqual([
      ['Lelaki Harimau', 'popular-in-category'],
      ['Pulang', 'popular-in-category'],
      ['Amba', 'popular-in-category'],
      ['Larung', 'popular-in-category'],
      ['Hikayat', 'popular'],
      ['Jalan Raya Pos', 'popular'],
    ]);
  });

  it('puts the books bought with it first, then its category’s best sellers, then the shop’s, to at least 6', async () => {
    const [ana, budi, citra] = [randomUUID(), randomUUID(), randomUUID()];
    const now = sut.clock.now();
    await sut.deliver(
      orderPlaced(
        ana,
        [
          [ids.Saman!, 1],
          [ids.Nusantara!, 1],
          [ids['Habis Terbit']!, 1],
        ],
        now,
      ),
      orderPlaced(
        budi,
        [
          [ids.Saman!, 1],
          [ids.Nusantara!, 1],
          [ids.Revolusi!, 1],
        ],
        now,
      ),
      orderPlaced(citra, [[ids.Amba!, 3]], now),
      orderPlaced(citra, [[ids['Max Havelaar']!, 5]], now),
      orderPlaced(citra, [[ids['Babad Diponegoro']!, 4]], now),
    );

    const items = await recommendationsOf('Saman');
    expect(items.slice(0, 6)).toEqual([
      ['Nusantara', 'bought-together'],
      ['Revolusi', 'bought-together'],
      ['Amba', 'popular-in-category'],
      ['Lelaki Harimau', 'popular-in-category'],
      ['Pulang', 'popular-in-category'],
      ['Larung', 'popular-in-category'],
    ]);
    // Then the shop's best sellers: Max Havelaar (5) before Babad Diponegoro (4).
    expect(items.slice(6, 8)).toEqual([
      ['Max Havelaar', 'popular'],
      ['Babad Diponegoro', 'popular'],
    ]);
    expect(items).toHaveLength(10);
    const titles = items.map(([title]) => title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).not.toContain('Saman');
    // Bought with it, but sold out.
    expect(titles).not.toContain('Habis Terbit');
  });

  it('fills every page to 6 or to the limit asked for, never with the book itself', async () => {
    for (const title of Object.keys(ids).filter((name) => name !== 'Habis Terbit')) {
      const items = await recommendationsOf(title);
      expect(items.length, title).toBeGreaterThanOrEqual(6);
      expect(items.map(([name]) => name)).not.toContain(title);
    }
    expect(await recommendationsOf('Revolusi', 'limit=3')).toHaveLength(3);
  });

  it('answers 404 for a book it does not know', async () => {
    const response = await sut.api.get(`/api/books/${randomUUID()}/recommendations`);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('BOOK_NOT_FOUND');
  });
});
