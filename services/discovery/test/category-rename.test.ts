import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOOK_UPDATED, CATEGORY_UPDATED } from '@pustaka/contracts';
import type { BookPayload, CategoryPayload } from '@pustaka/contracts';
import { createInProcessTransport, newEvent, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, Subscription } from '@pustaka/kit/bus';
import { sql } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { describeService, eventually } from '@pustaka/kit/testing';
import { searchIndexConsumer } from '../src/index/search-index.consumer.ts';
import { addBook, addCategory, indexSnapshot, rebuildThroughRoute, startDiscovery, titlesFound, untilIndexed } from './support.ts';

describeService('a category renamed in the catalog is renamed in search', startDiscovery, (sut, { storage }) => {
  let categoryId: string;
  let otherCategoryId: string;
  let books: Array<{ id: string; title: string }>;
  const transport = createInProcessTransport();
  let subscription: Subscription;

  beforeAll(async () => {
    categoryId = await addCategory(sut, 'Sejarah');
    otherCategoryId = await addCategory(sut, 'Puisi');
    books = [
      await addBook(sut, categoryId, { title: 'Bumi Manusia', authors: ['Pramoedya Ananta Toer'] }),
      await addBook(sut, categoryId, { title: 'Arus Balik', authors: ['Pramoedya Ananta Toer'] }),
    ];
    await addBook(sut, otherCategoryId, { title: 'Aku Ini Binatang Jalang', authors: ['Chairil Anwar'] });
    // The index's own consumer on a transport of the test's, sharing the service's inbox, so the
    // test can deliver events again and late.
    subscription = await subscribe({
      ...searchIndexConsumer(sut.ctx),
      transport,
      database: storage.database,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    await untilIndexed(storage);
  });

  afterAll(async () => {
    await subscription.close();
    await transport.close();
  });

  async function categoryFacets(query: string) {
    return (await sut.api.get(`/api/search?${query}`)).body.facets.category;
  }

  it('shows the new name in the hits, the facets and the words found, and no longer the old', async () => {
    expect(await categoryFacets('q=pramoedya')).toEqual([{ value: categoryId, name: 'Sejarah', count: 2 }]);
    const renamed = await sut.api.patch(`/api/categories/${categoryId}`, { token: sut.staff, body: { name: 'Sejarah Nusantara' } });
    expect(renamed.status).toBe(200);

    await eventually(async () => expect(await categoryFacets('q=pramoedya')).toEqual([{ value: categoryId, name: 'Sejarah Nusantara', count: 2 }]));
    const hits = (await sut.api.get('/api/search?q=pramoedya')).body.items;
    expect(hits.map((hit: { category: unknown }) => hit.category)).toEqual([
      { id: categoryId, name: 'Sejarah Nusantara' },
      { id: categoryId, name: 'Sejarah Nusantara' },
    ]);
    // The category's name is searchable text (it weighs least): the new word finds its books.
    expect((await titlesFound(sut, 'q=nusantara')).sort()).toEqual(['Arus Balik', 'Bumi Manusia']);
    expect(await categoryFacets('q=chairil')).toEqual([{ value: otherCategoryId, name: 'Puisi', count: 1 }]);
  });

  it('files a book added or changed after the rename under the new name', async () => {
    const added = await addBook(sut, categoryId, { title: 'Rumah Kaca', authors: ['Pramoedya Ananta Toer'] });
    await untilIndexed(storage);
    expect(await categoryFacets('q=pramoedya')).toEqual([{ value: categoryId, name: 'Sejarah Nusantara', count: 3 }]);
    expect((await sut.api.patch(`/api/books/${added.id}`, { token: sut.staff, body: { categoryId: otherCategoryId } })).status).toBe(200);
    await untilIndexed(storage);
    expect(await categoryFacets('q=pramoedya')).toEqual([
      { value: categoryId, name: 'Sejarah Nusantara', count: 2 },
      { value: otherCategoryId, name: 'Puisi', count: 1 },
    ]);
  });

  it('changes nothing when the rename is delivered again, or an older rename or book event arrives late', async () => {
    const before = await indexSnapshot(storage);
    const newest = categoryEvent({ name: 'Sejarah Nusantara' });
    const olderRename = older(categoryEvent({ name: 'Sejarah Lama' }));
    // A book's event recorded before the rename carries the category's old name.
    const olderBook = older(bookEvent(books[0]!, 'Sejarah'));
    await transport.publish(newest);
    await transport.publish(newest);
    await transport.publish(olderRename);
    await transport.publish(olderBook);
    await eventually(async () => expect(await inboxHas(olderBook.id)).toBe(true));

    expect(await inboxRows(newest.id)).toBe(1);
    const after = await indexSnapshot(storage);
    expect(after.documents).toEqual(before.documents);
    expect(after.categories).toEqual(before.categories.map((category) => (category.id === categoryId ? { ...category, version: newest.id } : category)));
    expect(await categoryFacets('q=pramoedya')).toEqual([
      { value: categoryId, name: 'Sejarah Nusantara', count: 2 },
      { value: otherCategoryId, name: 'Puisi', count: 1 },
    ]);
  });

  it('rebuilds the same documents and category names from the catalog', async () => {
    expect((await sut.api.patch(`/api/categories/${otherCategoryId}`, { token: sut.staff, body: { name: 'Puisi Modern' } })).status).toBe(200);
    await untilIndexed(storage);
    const live = await indexSnapshot(storage);
    expect(live.documents.filter((row) => row.category_id === otherCategoryId).map((row) => row.category_name)).toEqual(['Puisi Modern', 'Puisi Modern']);

    expect((await rebuildThroughRoute(sut)).state).toBe('succeeded');
    const rebuilt = await indexSnapshot(storage);
    expect(rebuilt.documents).toEqual(live.documents);
    expect(rebuilt.categories.map(({ id, name }) => ({ id, name }))).toEqual(live.categories.map(({ id, name }) => ({ id, name })));
    expect(await categoryFacets('q=chairil')).toEqual([{ value: otherCategoryId, name: 'Puisi Modern', count: 1 }]);
  });

  function categoryEvent(fields: Partial<CategoryPayload>): EventEnvelope<CategoryPayload> {
    return newEvent(CATEGORY_UPDATED, { categoryId, name: 'Untitled', slug: 'sejarah', description: null, updatedAt: new Date().toISOString(), ...fields });
  }

  function bookEvent(book: { id: string; title: string }, categoryName: string): EventEnvelope<BookPayload> {
    return newEvent(BOOK_UPDATED, {
      bookId: book.id,
      title: book.title,
      authors: ['Pramoedya Ananta Toer'],
      isbn: '9786020000000',
      synopsis: '',
      publicationYear: 1980,
      categoryId,
      categoryName,
      price: 89_000,
      currency: 'IDR',
      stock: 1,
      updatedAt: new Date().toISOString(),
    });
  }

  /** The event as if recorded before every event of this suite (an older UUIDv7). */
  function older<Payload>(event: EventEnvelope<Payload>): EventEnvelope<Payload> {
    return { ...event, id: `00000000${event.id.slice(8)}` };
  }

  async function inboxRows(eventId: string): Promise<number> {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from discovery.inbox where event_id = ${eventId}`.execute(
      storage.database.root,
    );
    return rows[0]!.count;
  }

  async function inboxHas(eventId: string): Promise<boolean> {
    return (await inboxRows(eventId)) > 0;
  }
});
