import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOOK_UPDATED, STOCK_CHANGED } from '@pustaka/contracts';
import type { BookPayload } from '@pustaka/contracts';
import { createInProcessTransport, newEvent, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, Subscription } from '@pustaka/kit/bus';
import { createLogger } from '@pustaka/kit/log';
import { describeService, eventually } from '@pustaka/kit/testing';
import { searchIndexConsumer } from '../src/index/search-index.consumer.ts';
import { addBook, addCategory, publishEvent, startDiscovery, titlesFound } from './support.ts';

describeService('the search index follows the events', startDiscovery, (sut, { storage }) => {
  let categoryId: string;
  const transport = createInProcessTransport();
  let subscription: Subscription;

  beforeAll(async () => {
    categoryId = await addCategory(sut, 'Sastra Indonesia');
    // The index's own consumer on a transport of the test's, so the test can deliver events
    // twice and out of order; it shares the service's inbox.
    subscription = await subscribe({
      ...searchIndexConsumer(sut.ctx),
      transport,
      database: storage.database,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
  });

  afterAll(async () => {
    await subscription.close();
    await transport.close();
  });

  async function hitFor(query: string) {
    return (await sut.api.get(`/api/search?${query}`)).body.items[0];
  }

  it('follows a book as it is added, renamed, sold out and deleted', async () => {
    const book = await addBook(sut, categoryId, { title: 'Gadis Kretek', authors: ['Ratih Kumala'], publicationYear: 2012, stock: 3 });
    await eventually(async () => expect(await titlesFound(sut, 'q=kretek')).toEqual(['Gadis Kretek']));

    expect((await sut.api.patch(`/api/books/${book.id}`, { token: sut.staff, body: { title: 'Gadis Pantai' } })).status).toBe(200);
    await eventually(async () => expect(await titlesFound(sut, 'q=pantai')).toEqual(['Gadis Pantai']));
    expect(await titlesFound(sut, 'q=kretek')).toEqual([]);

    expect((await sut.api.post(`/api/books/${book.id}/stock`, { token: sut.staff, body: { set: 0 } })).status).toBe(200);
    await eventually(async () => expect((await hitFor('q=pantai')).inStock).toBe(false));
    expect(await titlesFound(sut, 'q=pantai&inStock=true')).toEqual([]);

    expect((await sut.api.delete(`/api/books/${book.id}`, { token: sut.staff })).status).toBe(204);
    await eventually(async () => expect(await titlesFound(sut, 'q=pantai')).toEqual([]));
    expect((await sut.api.get('/api/search/suggest?q=gadis')).body.suggestions).toEqual([]);
  });

  it('follows an event as it is published and cancelled', async () => {
    const id = await publishEvent(sut, { title: 'Bedah buku Gadis Kretek', description: 'Bincang bersama penulis.' });
    await eventually(async () => expect((await hitFor('q=bedah&type=event')).id).toBe(id));
    expect((await sut.api.post(`/api/events/${id}/cancel`, { token: sut.staff })).status).toBe(200);
    await eventually(async () => expect(await titlesFound(sut, 'q=bedah')).toEqual([]));
  });

  it('changes nothing when an event is delivered again', async () => {
    const created = bookEvent('book.created', { title: 'Orang-Orang Biasa', stock: 4 });
    await transport.publish(created);
    await eventually(async () => expect(await titlesFound(sut, 'q=biasa')).toEqual(['Orang-Orang Biasa']));
    const before = await documentRow(created.payload.bookId);

    await transport.publish(created);
    // Events are applied in queue order: once the one behind it is in, the duplicate was handled.
    const behind = newEvent(STOCK_CHANGED, { bookId: randomUUID(), stock: 1, delta: 1, reason: 'restock' as const });
    await transport.publish(behind);
    await eventually(async () => expect(await inboxHas(behind.id)).toBe(true));
    expect(await inboxRows(created.id)).toBe(1);
    expect(await documentRow(created.payload.bookId)).toEqual(before);
    expect(await titlesFound(sut, 'q=biasa')).toEqual(['Orang-Orang Biasa']);
  });

  it('keeps the newest state when updates arrive out of order', async () => {
    const older = bookEvent(BOOK_UPDATED, { title: 'Dawuk', stock: 5 });
    const newer = bookEvent(BOOK_UPDATED, { bookId: older.payload.bookId, title: 'Dawuk: Kisah Kelabu dari Rumbuk Randu', stock: 5 });
    const newestStock = newEvent(STOCK_CHANGED, { bookId: older.payload.bookId, stock: 0, delta: -5, reason: 'correction' as const });
    const olderStock = stockEvent(older.payload.bookId, 2);
    // Recorded older first; delivered newest first.
    for (const event of [newestStock, newer, older, olderStock]) await transport.publish(event);
    await eventually(async () => expect(await inboxHas(olderStock.id)).toBe(true));

    const [hit] = (await sut.api.get('/api/search?q=dawuk')).body.items;
    expect(hit.title).toBe('Dawuk: Kisah Kelabu dari Rumbuk Randu');
    expect(hit.inStock).toBe(false);
  });

  function bookEvent(type: string, fields: Partial<BookPayload>): EventEnvelope<BookPayload> {
    return newEvent(type, {
      bookId: randomUUID(),
      authors: ['Mahfud Ikhwan'],
      isbn: '9786020000000',
      synopsis: 'Sebuah novel dari desa.',
      publicationYear: 2017,
      categoryId,
      categoryName: 'Sastra Indonesia',
      price: 89_000,
      currency: 'IDR',
      updatedAt: new Date().toISOString(),
      title: 'Untitled',
      stock: 1,
      ...fields,
    });
  }

  /** A stock change recorded before every event made so far in this test (an older id). */
  function stockEvent(bookId: string, stock: number) {
    const event = newEvent(STOCK_CHANGED, { bookId, stock, delta: 1, reason: 'restock' as const });
    return { ...event, id: `00000000${event.id.slice(8)}` };
  }

  async function documentRow(id: string) {
    return storage.database.root.selectFrom('discovery.documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function inboxRows(eventId: string): Promise<number> {
    const rows = await storage.database.root.selectFrom('discovery.inbox').select('event_id').where('event_id', '=', eventId).execute();
    return rows.length;
  }

  async function inboxHas(eventId: string): Promise<boolean> {
    return (await inboxRows(eventId)) > 0;
  }
});
