import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { startRecommendations } from './recommendations-support.ts';
import { bookCreated, bookingCancelled, bookingConfirmed, eventCancelled, eventPublished, orderCancelled, orderPlaced } from './shop-events.ts';

const DAY_MS = 86_400_000;

interface Item {
  id: string;
  reason: string;
}

describeService('recommendations for a member', startRecommendations, (sut) => {
  const novels = randomUUID();
  const poems = randomUUID();
  const titleOf = new Map<string, string>();
  const ids: Record<string, string> = {};
  const [ana, budi, citra, dewi] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  async function add(...events: Array<ReturnType<typeof bookCreated> | ReturnType<typeof eventPublished>>): Promise<void> {
    for (const event of events) {
      const id = 'bookId' in event.payload ? event.payload.bookId : event.payload.eventId;
      titleOf.set(id, event.payload.title);
      ids[event.payload.title] = id;
    }
    await sut.deliver(...events);
  }

  async function forMe(userId: string) {
    const response = await sut.api.get('/api/recommendations/for-me', { token: await sut.memberToken(userId) });
    expect(response.status).toBe(200);
    const named = (items: Item[]) => items.map((item) => [titleOf.get(item.id) ?? item.id, item.reason]);
    return { books: named(response.body.books), events: named(response.body.events) };
  }

  beforeAll(async () => {
    await add(...['Saman', 'Larung', 'Amba', 'Pulang', 'Gadis Pantai'].map((title) => bookCreated({ title, categoryId: novels })));
    await add(...['Aku', 'Deru Campur Debu'].map((title) => bookCreated({ title, categoryId: poems })));
    const inDays = (days: number) => new Date(sut.clock.now().getTime() + days * DAY_MS);
    await add(
      eventPublished({ title: 'Bedah Saman', startsAt: inDays(-30) }),
      eventPublished({ title: 'Malam Puisi', startsAt: inDays(3) }),
      eventPublished({ title: 'Kelas Menulis', startsAt: inDays(10) }),
      eventPublished({ title: 'Temu Penulis', startsAt: inDays(20) }),
      eventPublished({ title: 'Diskusi Amba', startsAt: inDays(5) }),
    );
    const now = sut.clock.now();
    await sut.deliver(
      orderPlaced(ana, [[ids.Saman!, 1]], now),
      orderPlaced(
        budi,
        [
          [ids.Saman!, 1],
          [ids.Larung!, 1],
        ],
        now,
      ),
      orderPlaced(
        citra,
        [
          [ids.Saman!, 1],
          [ids.Larung!, 1],
          [ids.Amba!, 1],
        ],
        now,
      ),
      orderPlaced(
        citra,
        [
          [ids.Saman!, 1],
          [ids.Amba!, 1],
        ],
        now,
      ),
      orderPlaced(
        randomUUID(),
        [
          [ids.Saman!, 1],
          [ids.Amba!, 1],
        ],
        now,
      ),
      orderPlaced(randomUUID(), [[ids.Pulang!, 1]], now),
      orderPlaced(randomUUID(), [[ids.Aku!, 20]], now),
      // Dewi's own, alone: it pairs with nothing, so it reaches others only as a best seller.
      orderPlaced(dewi, [[ids['Deru Campur Debu']!, 9]], now),
      bookingConfirmed(ana, ids['Bedah Saman']!),
      bookingConfirmed(budi, ids['Bedah Saman']!),
      bookingConfirmed(budi, ids['Kelas Menulis']!),
      bookingConfirmed(budi, ids['Diskusi Amba']!),
      bookingConfirmed(citra, ids['Bedah Saman']!),
      bookingConfirmed(citra, ids['Kelas Menulis']!),
    );
  });

  it('offers the books bought with theirs, the best sellers of their categories, then the shop’s, none they bought', async () => {
    // Saman was bought with Amba three times, with Larung twice; Pulang sells in Saman's category.
    expect((await forMe(ana)).books).toEqual([
      ['Amba', 'bought-together'],
      ['Larung', 'bought-together'],
      ['Pulang', 'popular-in-category'],
      ['Aku', 'popular'],
      ['Deru Campur Debu', 'popular'],
    ]);
  });

  it('leaves out what they bought, and stops once an order is cancelled', async () => {
    const order = orderPlaced(ana, [[ids.Amba!, 1]], sut.clock.now());
    await sut.deliver(order);
    expect((await forMe(ana)).books.map(([title]) => title)).not.toContain('Amba');
    await sut.deliver(orderCancelled(order));
    expect((await forMe(ana)).books[0]).toEqual(['Amba', 'bought-together']);
  });

  it('shows no member another member’s purchases as theirs', async () => {
    // Dewi bought Deru Campur Debu: it is left out for her, and reaches Ana only as a best seller.
    expect((await forMe(dewi)).books.map(([title]) => title)).not.toContain('Deru Campur Debu');
    expect((await forMe(ana)).books.filter(([title]) => title === 'Deru Campur Debu')).toEqual([['Deru Campur Debu', 'popular']]);
    // Budi bought Larung: it is still offered to Ana, who did not.
    expect((await forMe(ana)).books.map(([title]) => title)).toContain('Larung');
    expect((await forMe(budi)).books.map(([title]) => title)).not.toContain('Larung');
  });

  it('offers the events still to come that members who booked theirs booked, then the next ones', async () => {
    const { events } = await forMe(ana);
    expect(events).toEqual([
      ['Kelas Menulis', 'co-booked'],
      ['Diskusi Amba', 'co-booked'],
      ['Malam Puisi', 'upcoming'],
      ['Temu Penulis', 'upcoming'],
    ]);
    // Budi booked Kelas Menulis and Diskusi Amba: neither is offered to him again.
    expect((await forMe(budi)).events.map(([title]) => title)).toEqual(['Malam Puisi', 'Temu Penulis']);
  });

  it('drops a cancelled event, and a co-booking once its booking is cancelled', async () => {
    const published = await sut.db.selectFrom('documents').select('id').where('id', '=', ids['Diskusi Amba']!).executeTakeFirstOrThrow();
    const booking = bookingConfirmed(dewi, ids['Temu Penulis']!);
    await sut.deliver(booking);
    await sut.deliver(bookingConfirmed(dewi, ids['Bedah Saman']!));
    expect((await forMe(ana)).events[0]).toEqual(['Kelas Menulis', 'co-booked']);
    expect((await forMe(ana)).events).toContainEqual(['Temu Penulis', 'co-booked']);
    await sut.deliver(bookingCancelled(booking));
    expect((await forMe(ana)).events).toContainEqual(['Temu Penulis', 'upcoming']);

    await sut.deliver(eventCancelled(eventPublished({ eventId: published.id, title: 'Diskusi Amba', startsAt: new Date() })));
    expect((await forMe(ana)).events.map(([title]) => title)).not.toContain('Diskusi Amba');
  });

  it('gives a member with no orders or bookings the best sellers and the next events', async () => {
    const { books, events } = await forMe(randomUUID());
    expect(books.slice(0, 3)).toEqual([
      ['Aku', 'popular'],
      ['Deru Campur Debu', 'popular'],
      ['Saman', 'popular'],
    ]);
    expect(events[0]).toEqual(['Malam Puisi', 'upcoming']);
  });

  it('answers only a signed-in caller', async () => {
    expect((await sut.api.get('/api/recommendations/for-me')).status).toBe(401);
    expect((await sut.api.get('/api/recommendations/for-me?limit=0', { token: await sut.memberToken() })).status).toBe(400);
  });
});
