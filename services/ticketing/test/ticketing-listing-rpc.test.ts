import { beforeAll, expect, it } from 'vitest';
import type { Client } from '@connectrpc/connect';
import { EVENT_PUBLISHED, EVENT_UPDATED } from '@pustaka/contracts';
import { Ticketing } from '@pustaka/contracts/ticketing/v1';
import { createInMemoryTransport, createRpcClient, keysetPages } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import { newEvent } from '../testing.ts';
import { registerTicketingRpc } from '../src/ticketing.rpc.ts';
import { holdAndBook, outboxPayloads, startTicketing } from './support.ts';

describeService('the events and bookings listed to other services (Ticketing.ListEvents, ListBookings)', startTicketing, (sut, { backend }) => {
  let ticketing: Client<typeof Ticketing>;

  beforeAll(async () => {
    const transport = createInMemoryTransport((router) => registerTicketingRpc(router, sut.ctx), { logger: sut.ctx.logger });
    ticketing = createRpcClient(Ticketing, transport, { name: `ticketing-listing-${backend.name}` });
  });

  const allEvents = async (pageSize: number) => {
    const pages = [];
    for await (const page of keysetPages(async (afterId) => {
      const { events, nextAfterId } = await ticketing.listEvents({ afterId, pageSize });
      return { items: events, nextAfterId };
    })) {
      pages.push(page);
    }
    return pages;
  };
  const allBookings = async (pageSize: number, includeCancelled = false) => {
    const pages = [];
    for await (const page of keysetPages(async (afterId) => {
      const { bookings, nextAfterId } = await ticketing.listBookings({ afterId, pageSize, includeCancelled });
      return { items: bookings, nextAfterId };
    })) {
      pages.push(page);
    }
    return pages;
  };

  it('lists every event ever published, in id order, each as its last event.* announced it, a cancelled one as cancelled; never a draft', async () => {
    const seated = await sut.seatedEvent({ title: 'Bedah buku Cantik Itu Luka' });
    const general = await sut.generalEvent(40, { title: 'Lokakarya menulis puisi', salesOpenAt: new Date(Date.now() + 3_600_000).toISOString() });
    const cancelled = await sut.generalEvent(10, { title: 'Malam baca puisi' });
    expect((await sut.api.patch(`/api/events/${general}`, { token: sut.staff, body: { venue: 'Ruang Baca Lantai 2' } })).status).toBe(200);
    expect((await sut.api.post(`/api/events/${cancelled}/cancel`, { token: sut.staff })).status).toBe(200);
    const draft = await sut.api.post('/api/events', { token: sut.staff, body: newEvent(sut.clock.now(), { title: 'Belum diumumkan' }) });
    expect(draft.status).toBe(201);

    const pages = await allEvents(2);
    const ids = [seated, general, cancelled].sort();
    expect(pages.map((page) => page.map((event) => event.eventId))).toEqual([ids.slice(0, 2), ids.slice(2)]);
    for (const event of pages.flat()) {
      const announced = [...(await outboxPayloads(sut, EVENT_PUBLISHED, event.eventId)), ...(await outboxPayloads(sut, EVENT_UPDATED, event.eventId))];
      const { salesOpenAt, ...last } = announced.at(-1);
      expect(event).toMatchObject({ ...last, ...(salesOpenAt === null ? {} : { salesOpenAt }) });
      expect(event.salesOpenAt).toBe(salesOpenAt ?? undefined);
    }
    const byId = new Map(pages.flat().map((event) => [event.eventId, event]));
    expect(byId.get(general)).toMatchObject({ venue: 'Ruang Baca Lantai 2', kind: 'general', capacity: 40, priceFrom: 5_000, status: 'published' });
    expect(byId.get(general)!.cancelledAt).toBeUndefined();
    expect(byId.get(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(Date.parse(byId.get(cancelled)!.cancelledAt!)).not.toBeNaN();
    expect(byId.has(draft.body.id)).toBe(false);
  });

  it('lists every confirmed booking once, in id order, with its member, event, places and when it was confirmed; never a cancelled one', async () => {
    const eventId = await sut.generalEvent(20);
    const [ana, ben, cai] = [await sut.member(), await sut.member(), await sut.member()];
    const kept = [await holdAndBook(sut, ana, eventId, { quantity: 2 }), await holdAndBook(sut, ben, eventId, { quantity: 1 })];
    const dropped = await holdAndBook(sut, cai, eventId, { quantity: 3 });
    expect((await sut.api.post(`/api/bookings/${dropped.id}/cancel`, { token: cai.token })).status).toBe(200);

    const pages = await allBookings(1);
    expect(pages.every((page) => page.length === 1)).toBe(true);
    const listed = pages.flat().filter((booking) => booking.eventId === eventId);
    expect(listed.map((booking) => booking.bookingId)).toEqual(kept.map((booking) => booking.id).sort());
    for (const booking of kept) {
      const shown = (await sut.api.get(`/api/bookings/${booking.id}`, { token: sut.staff })).body;
      expect(listed.find((each) => each.bookingId === booking.id)).toMatchObject({
        userId: booking.id === kept[0]!.id ? ana.id : ben.id,
        eventId,
        quantity: shown.quantity,
        confirmedAt: shown.createdAt,
      });
    }
  });

  it('lists the cancelled bookings too when asked, each with what it charges and when it was cancelled', async () => {
    const eventId = await sut.generalEvent(20);
    const [ana, ben] = [await sut.member(), await sut.member()];
    const kept = await holdAndBook(sut, ana, eventId, { quantity: 2 });
    const dropped = await holdAndBook(sut, ben, eventId, { quantity: 3 });
    expect((await sut.api.post(`/api/bookings/${dropped.id}/cancel`, { token: ben.token })).status).toBe(200);

    const listed = (await allBookings(1000, true)).flat().filter((booking) => booking.eventId === eventId);
    expect(listed.map((booking) => booking.bookingId)).toEqual([kept.id, dropped.id].sort());
    for (const booking of [kept, dropped]) {
      const shown = (await sut.api.get(`/api/bookings/${booking.id}`, { token: sut.staff })).body;
      const each = listed.find((one) => one.bookingId === booking.id)!;
      expect(each).toMatchObject({
        quantity: shown.quantity,
        total: shown.total,
        currency: shown.currency,
        status: shown.status,
        confirmedAt: shown.createdAt,
      });
      expect(each.cancelledAt ?? null).toBe(shown.cancelledAt);
    }
    expect(listed.find((one) => one.bookingId === dropped.id)).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
  });

  it('refuses a page size above 1000 or below 0, and an after_id that is not an id', async () => {
    for (const request of [{ pageSize: 1001 }, { pageSize: -1 }, { afterId: 'A-12' }]) {
      await expect(ticketing.listEvents(request), JSON.stringify(request)).rejects.toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', status: 400 });
      await expect(ticketing.listBookings(request), JSON.stringify(request)).rejects.toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', status: 400 });
    }
  });
});
