import { beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService } from '@pustaka/kit/testing';
import { ownerClients } from '../src/owners/owner-clients.ts';
import type { OwnerClients } from '../src/owners/owner-clients.ts';
import { catalogBooks, confirmedBookings, listedOrders, ticketedEvents } from '../src/owners/owner-listings.ts';
import { addBook, addCategory, publishEvent, startDiscovery } from './support.ts';

/** Every page an owner's listing yields, in order. */
async function pagesOf<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describeService("the owners' listings a rebuild reads, page by page", startDiscovery, (sut) => {
  let owners: OwnerClients;
  let bookIds: string[];

  beforeAll(async () => {
    owners = ownerClients(sut.platform.rpc, { deadlineMs: 5_000, logger: createLogger({ name: 'test', level: 'silent' }) });
    const categoryId = await addCategory(sut, 'Puisi');
    bookIds = [];
    for (const title of ['Aku Ingin', 'Hujan Bulan Juni', 'Deru Campur Debu'])
      bookIds.push((await addBook(sut, categoryId, { title, price: 45_000, stock: 20 })).id);
  });

  it('reads every book of the catalog as book.created carries it', async () => {
    const pages = await pagesOf(catalogBooks(owners, { pageSize: 2 }));
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    const books = pages.flat();
    expect(books.map((book) => book.bookId)).toEqual([...bookIds].sort());
    expect(books.find((book) => book.title === 'Hujan Bulan Juni')).toMatchObject({ categoryName: 'Puisi', price: 45_000, stock: 20, authors: ['Ada Writer'] });
  });

  it('reads every order with its items, placed ones apart from cancelled ones when asked', async () => {
    const placed: string[] = [];
    let cancelled = '';
    for (const [index, bookId] of bookIds.entries()) {
      const buyer = await sut.member();
      const order = await sut.api.post('/api/orders', { token: buyer, body: { items: [{ bookId, quantity: index + 1 }] } });
      expect(order.status).toBe(201);
      if (index === 1) {
        expect((await sut.api.post(`/api/orders/${order.body.id}/cancel`, { token: buyer })).status).toBe(200);
        cancelled = order.body.id;
      } else placed.push(order.body.id);
    }
    const everyOrder = (await pagesOf(listedOrders(owners, { pageSize: 1 }))).flat();
    expect(everyOrder.map((order) => order.orderId)).toEqual([...placed, cancelled].sort());
    const notCancelled = await pagesOf(listedOrders(owners, { pageSize: 1000, statuses: ['placed', 'fulfilled'] }));
    expect(notCancelled.flat().map((order) => order.orderId)).toEqual([...placed].sort());
    const first = everyOrder.find((order) => order.orderId === placed[0])!;
    expect(first).toMatchObject({ status: 'placed', total: 45_000, items: [{ bookId: bookIds[0], quantity: 1, unitPrice: 45_000 }] });
    expect(Date.parse(first.placedAt)).not.toBeNaN();
  });

  it('reads every event ever published and every confirmed booking', async () => {
    const eventId = await publishEvent(sut, { title: 'Malam Puisi', seating: { kind: 'general', capacity: 30, price: 25_000 } });
    const booked = [];
    for (const quantity of [2, 1]) {
      const member = await sut.member();
      const hold = await sut.api.post(`/api/events/${eventId}/holds`, { token: member, body: { quantity } });
      expect(hold.status).toBe(201);
      const booking = await sut.api.post('/api/bookings', { token: member, body: { holdId: hold.body.holdId } });
      expect(booking.status).toBe(201);
      booked.push(booking.body);
    }
    const events = (await pagesOf(ticketedEvents(owners, { pageSize: 10 }))).flat();
    expect(events).toEqual([expect.objectContaining({ eventId, title: 'Malam Puisi', kind: 'general', capacity: 30, priceFrom: 25_000, status: 'published' })]);
    const bookings = (await pagesOf(confirmedBookings(owners, { pageSize: 1 }))).flat();
    expect(bookings.map((booking) => [booking.bookingId, booking.eventId, booking.quantity])).toEqual(
      booked.map((booking) => [booking.id, eventId, booking.quantity]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    expect(bookings.every((booking) => booking.userId !== '' && Date.parse(booking.confirmedAt) > 0)).toBe(true);
  });
});
