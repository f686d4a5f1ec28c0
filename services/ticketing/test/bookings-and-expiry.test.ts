import { describe, expect, it } from 'vitest';
import { parseEvent } from '@pustaka/contracts';
import { sql } from '@pustaka/kit/db';
import { register } from '@pustaka/kit/metrics';
import { describeService } from '@pustaka/kit/testing';
import type { TestResponse } from '@pustaka/kit/testing';
import { releaseExpiredHolds } from '../src/holds/expire-holds.service.ts';
import { sendBookingReminders } from '../src/bookings/booking-reminders.service.ts';
import { holdAndBook, outboxPayloads, startTicketing } from './support.ts';

const TTL_MS = 600_000;

/** `pustaka_ticketing_holds_expired_total` as a scrape reads it. */
async function expiredCount(): Promise<number> {
  return (await register.getSingleMetric('pustaka_ticketing_holds_expired_total')!.get()).values[0]?.value ?? 0;
}
const HOUR = 3_600_000;

describeService('bookings and what time does to them', startTicketing, (sut) => {
  describe('bookings', () => {
    const hold = async (token: string, eventId: string, body: unknown) =>
      (await sut.api.post(`/api/events/${eventId}/holds`, { token, body })).body.holdId as string;
    const book = (token: string, holdId: string, headers: Record<string, string> = {}) => sut.api.post('/api/bookings', { token, body: { holdId }, headers });
    const seatsOf = async (bookingId: string) =>
      (await sut.query<{ seat_id: string }>(sql`select seat_id from ticketing.seats where booking_id = ${bookingId} order by position`)).map(
        (row) => row.seat_id,
      );

    it('books a hold: a short code, the seats, the total, and calendar links', async () => {
      const eventId = await sut.seatedEvent();
      const ana = await sut.member();
      const holdId = await hold(ana.token, eventId, { seatIds: ['A-1', 'F-1'] });
      const booked = await book(ana.token, holdId);
      expect(booked.status).toBe(201);
      expect(booked.body).toMatchObject({
        status: 'confirmed',
        eventId,
        userId: ana.id,
        seats: ['A-1', 'F-1'],
        quantity: 2,
        total: 25_000,
        currency: 'IDR',
        sequence: 0,
      });
      expect(booked.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(booked.body.calendarUrl).toBe(`/api/bookings/${booked.body.id}/calendar.ics`);
      expect(booked.body.googleCalendarUrl).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&/);
      expect(booked.body.event).toMatchObject({ venue: expect.any(String), timezone: 'Asia/Jakarta', status: 'published' });
      expect(await seatsOf(booked.body.id)).toEqual(['A-1', 'F-1']);
      const map = (await sut.api.get(`/api/events/${eventId}/seats`, { token: ana.token })).body;
      expect(map.seats.find((seat: { id: string }) => seat.id === 'F-1')).toMatchObject({ status: 'booked', mine: true });
      expect(map.mine).toEqual({ held: 0, booked: 2 });
      expect(await outboxPayloads(sut, 'booking.confirmed', eventId)).toEqual([
        expect.objectContaining({ bookingId: booked.body.id, code: booked.body.code, total: 25_000 }),
      ]);

      const mine = await sut.api.get('/api/bookings', { token: ana.token });
      expect(mine.body).toMatchObject({ total: 1, items: [{ id: booked.body.id }] });
      expect((await sut.api.get(`/api/bookings/${booked.body.id}`, { token: sut.staff })).body.id).toBe(booked.body.id);
    });

    it('makes one booking of a hold however often it is booked, at once or later', async () => {
      const eventId = await sut.seatedEvent();
      const ana = await sut.member();
      const holdId = await hold(ana.token, eventId, { seatIds: ['B-1', 'B-2'] });
      const tries = await Promise.all(Array.from({ length: 8 }, () => book(ana.token, holdId)));
      expect(tries.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
      expect((await book(ana.token, holdId)).body.id).toBe(tries[0]!.body.id);
      expect(await outboxPayloads(sut, 'booking.confirmed', eventId)).toHaveLength(1);
      const rows = await sut.query<{ n: number }>(sql`select count(*)::int as n from ticketing.bookings where hold_id = ${holdId}`);
      expect(rows[0]!.n).toBe(1);
    });

    it('replays the booking for a retry with the same Idempotency-Key, and refuses the key with another hold (422)', async () => {
      const eventId = await sut.seatedEvent();
      const ana = await sut.member();
      const [first, second] = [await hold(ana.token, eventId, { seatIds: ['C-1'] }), await hold(ana.token, eventId, { seatIds: ['C-2'] })];
      const key = { 'idempotency-key': `book-${crypto.randomUUID()}` };
      const original = await book(ana.token, first, key);
      const retry = await book(ana.token, first, key);
      expect([retry.status, retry.body.id, retry.headers.get('idempotent-replayed')]).toEqual([201, original.body.id, 'true']);
      const reused = await book(ana.token, second, key);
      expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect((await book(ana.token, second)).status).toBe(201);
    });

    it('swaps seats in one step, and keeps the booking exactly as it was when a new seat is taken', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben] = [await sut.member(), await sut.member()];
      const booking = await holdAndBook(sut, ana, eventId, { seatIds: ['D-1', 'D-2'] });
      await hold(ben.token, eventId, { seatIds: ['D-5'] });

      const refused = await sut.api.patch(`/api/bookings/${booking.id}`, { token: ana.token, body: { seatIds: ['D-2', 'D-4', 'D-5'] } });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'SEAT_TAKEN', seatIds: ['D-5'] });
      expect(await seatsOf(booking.id)).toEqual(['D-1', 'D-2']);
      expect((await sut.api.get(`/api/bookings/${booking.id}`, { token: ana.token })).body).toMatchObject({
        seats: ['D-1', 'D-2'],
        sequence: 0,
        total: 30_000,
      });

      const moved = await sut.api.patch(`/api/bookings/${booking.id}`, { token: ana.token, body: { seatIds: ['J-3', 'D-2', 'J-4'] } });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ seats: ['D-2', 'J-3', 'J-4'], quantity: 3, total: 35_000, sequence: 1 });
      expect(await seatsOf(booking.id)).toEqual(['D-2', 'J-3', 'J-4']);
      expect((await sut.api.post(`/api/events/${eventId}/holds`, { token: ben.token, body: { seatIds: ['D-1'] } })).status).toBe(201);
      expect(await outboxPayloads(sut, 'booking.changed', eventId)).toEqual([
        expect.objectContaining({ bookingId: booking.id, seatIds: ['D-2', 'J-3', 'J-4'], previousSeatIds: ['D-1', 'D-2'], sequence: 1, total: 35_000 }),
      ]);
      const same = await sut.api.patch(`/api/bookings/${booking.id}`, { token: ana.token, body: { seatIds: ['J-4', 'J-3', 'D-2'] } });
      expect(same.body.sequence).toBe(1);
      const general = await holdAndBook(sut, ana, await sut.generalEvent(10), { quantity: 2 });
      expect((await sut.api.patch(`/api/bookings/${general.id}`, { token: ana.token, body: { seatIds: ['A-1'] } })).body.code).toBe('NOT_SEATED');
    });

    it('cancels a booking once: its seats are free again and booking.cancelled is recorded once', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben] = [await sut.member(), await sut.member()];
      const booking = await holdAndBook(sut, ana, eventId, { seatIds: ['E-7', 'E-8'] });
      const cancels = await Promise.all(Array.from({ length: 4 }, () => sut.api.post(`/api/bookings/${booking.id}/cancel`, { token: ana.token })));
      expect(cancels.map((r) => [r.status, r.body.status])).toEqual(Array(4).fill([200, 'cancelled']));
      expect(cancels[0]!.body).toMatchObject({ sequence: 1, seats: ['E-7', 'E-8'], cancelledAt: expect.any(String) });
      expect(await seatsOf(booking.id)).toEqual([]);
      expect(await outboxPayloads(sut, 'booking.cancelled', eventId)).toEqual([
        expect.objectContaining({ bookingId: booking.id, reason: 'member', seatIds: ['E-7', 'E-8'] }),
      ]);
      expect((await outboxPayloads(sut, 'seats.changed', eventId)).map((change) => change.status)).toEqual(['held', 'booked', 'free']);
      expect((await sut.api.post(`/api/events/${eventId}/holds`, { token: ben.token, body: { seatIds: ['E-7', 'E-8'] } })).status).toBe(201);
      const change = await sut.api.patch(`/api/bookings/${booking.id}`, { token: ana.token, body: { seatIds: ['E-1'] } });
      expect([change.status, change.body.code]).toEqual([409, 'BOOKING_CANCELLED']);

      const general = await sut.generalEvent(3);
      const place = await holdAndBook(sut, ana, general, { quantity: 3 });
      expect((await sut.api.get(`/api/events/${general}/seats`)).body.remaining).toBe(0);
      expect((await sut.api.post(`/api/bookings/${place.id}/cancel`, { token: sut.staff })).body.status).toBe('cancelled');
      expect((await sut.api.get(`/api/events/${general}/seats`)).body.remaining).toBe(3);
      expect(await outboxPayloads(sut, 'booking.cancelled', general)).toEqual([expect.objectContaining({ reason: 'staff', quantity: 3 })]);
    });

    it('neither changes nor cancels a booking once its event has started', async () => {
      const now = sut.clock.now().getTime();
      const eventId = await sut.seatedEvent({ startsAt: new Date(now + 3_600_000).toISOString(), endsAt: new Date(now + 7_200_000).toISOString() });
      const ana = await sut.member();
      const booking = await holdAndBook(sut, ana, eventId, { seatIds: ['A-1'] });
      sut.clock.advance(3_600_000);
      try {
        for (const response of [
          await sut.api.post(`/api/bookings/${booking.id}/cancel`, { token: ana.token }),
          await sut.api.patch(`/api/bookings/${booking.id}`, { token: ana.token, body: { seatIds: ['A-2'] } }),
        ])
          expect([response.status, response.body.code]).toEqual([409, 'EVENT_STARTED']);
      } finally {
        sut.clock.advance(-3_600_000);
      }
      expect(await seatsOf(booking.id)).toEqual(['A-1']);
    });

    it('is private to its member: another member gets 404 for their booking and hold, exactly as for none', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben] = [await sut.member(), await sut.member()];
      const booking = await holdAndBook(sut, ana, eventId, { seatIds: ['H-1'] });
      const holdId = await hold(ana.token, eventId, { seatIds: ['H-2'] });
      const missing = crypto.randomUUID();
      const attempts: Array<[string, (id: string) => Promise<TestResponse>]> = [
        ['GET booking', (id) => sut.api.get(`/api/bookings/${id}`, { token: ben.token })],
        ['PATCH booking', (id) => sut.api.patch(`/api/bookings/${id}`, { token: ben.token, body: { seatIds: ['H-9'] } })],
        ['cancel booking', (id) => sut.api.post(`/api/bookings/${id}/cancel`, { token: ben.token })],
      ];
      for (const [, attempt] of attempts) {
        const [foreign, none] = [await attempt(booking.id), await attempt(missing)];
        expect([foreign.status, foreign.body.code, foreign.body.title]).toEqual([404, 'BOOKING_NOT_FOUND', none.body.title]);
        expect(none.status).toBe(404);
      }
      for (const attempt of [(id: string) => sut.api.delete(`/api/holds/${id}`, { token: ben.token }), (id: string) => book(ben.token, id)]) {
        const [foreign, none] = [await attempt(holdId), await attempt(missing)];
        expect([foreign.status, foreign.body.code]).toEqual([404, 'HOLD_NOT_FOUND']);
        expect([none.status, none.body.code]).toEqual([404, 'HOLD_NOT_FOUND']);
      }
      expect((await sut.api.get('/api/bookings', { token: ben.token })).body.total).toBe(0);
      expect((await sut.api.get(`/api/bookings/${booking.id}`)).status).toBe(401);
      // Nothing of Ana's moved.
      expect(await seatsOf(booking.id)).toEqual(['H-1']);
      expect((await sut.api.get(`/api/bookings/${booking.id}`, { token: ana.token })).body).toMatchObject({ status: 'confirmed', sequence: 0 });
      expect((await book(ana.token, holdId)).status).toBe(201);
    });
  });

  describe('holds expiring, reminders and cancelled events', () => {
    const hold = (token: string, eventId: string, body: unknown) => sut.api.post(`/api/events/${eventId}/holds`, { token, body });
    const seatRow = async (eventId: string, seatId: string) =>
      (
        await sut.query<{ hold_id: string | null; booking_id: string | null }>(sql`
        select hold_id, booking_id from ticketing.seats where event_id = ${eventId} and seat_id = ${seatId}`)
      )[0]!;
    const holdStatus = async (holdId: string) => (await sut.query<{ status: string }>(sql`select status from ticketing.holds where id = ${holdId}`))[0]!.status;

    it('lets anyone take a seat whose hold expired, before any sweep, and refuses to book the expired hold', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben] = [await sut.member(), await sut.member()];
      const anas = await hold(ana.token, eventId, { seatIds: ['A-1', 'A-2'] });
      expect((await hold(ben.token, eventId, { seatIds: ['A-1'] })).status).toBe(409);
      sut.clock.advance(TTL_MS);
      const map = (await sut.api.get(`/api/events/${eventId}/seats`)).body;
      expect(map.seats.slice(0, 2).map((seat: { status: string }) => seat.status)).toEqual(['free', 'free']);
      const bens = await hold(ben.token, eventId, { seatIds: ['A-1'] });
      expect(bens.status).toBe(201);

      const late = await sut.api.post('/api/bookings', { token: ana.token, body: { holdId: anas.body.holdId } });
      expect([late.status, late.body.code]).toEqual([409, 'HOLD_EXPIRED']);
      // The sweep frees what Ana's hold still has, never Ben's new hold on A-1.
      await releaseExpiredHolds(sut.ctx);
      expect(await seatRow(eventId, 'A-1')).toEqual({ hold_id: bens.body.holdId, booking_id: null });
      expect(await seatRow(eventId, 'A-2')).toEqual({ hold_id: null, booking_id: null });
      expect(await holdStatus(anas.body.holdId)).toBe('expired');
      expect((await sut.api.post('/api/bookings', { token: ana.token, body: { holdId: anas.body.holdId } })).body.code).toBe('HOLD_EXPIRED');
      expect((await sut.api.post('/api/bookings', { token: ben.token, body: { holdId: bens.body.holdId } })).status).toBe(201);
    });

    it('sweeps expired holds: frees their seats, announces them once, and leaves live holds and bookings alone', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben, cai] = [await sut.member(), await sut.member(), await sut.member()];
      const stale = await hold(ana.token, eventId, { seatIds: ['C-1', 'C-2'] });
      const booking = await holdAndBook(sut, ben, eventId, { seatIds: ['C-3'] });
      sut.clock.advance(TTL_MS / 2);
      const fresh = await hold(cai.token, eventId, { seatIds: ['C-4'] });
      sut.clock.advance(TTL_MS / 2);

      const countedBefore = await expiredCount();
      const expired = await releaseExpiredHolds(sut.ctx);
      expect(expired).toBeGreaterThanOrEqual(1);
      expect(await releaseExpiredHolds(sut.ctx)).toBe(0);
      expect((await expiredCount()) - countedBefore).toBe(expired);
      expect(await holdStatus(stale.body.holdId)).toBe('expired');
      expect(await holdStatus(fresh.body.holdId)).toBe('active');
      expect(await seatRow(eventId, 'C-1')).toEqual({ hold_id: null, booking_id: null });
      expect(await seatRow(eventId, 'C-3')).toEqual({ hold_id: null, booking_id: booking.id });
      expect(await seatRow(eventId, 'C-4')).toEqual({ hold_id: fresh.body.holdId, booking_id: null });
      const freed = (await outboxPayloads(sut, 'seats.changed', eventId)).filter((change) => change.status === 'free');
      expect(freed).toEqual([{ eventId, seatIds: ['C-1', 'C-2'], status: 'free', quantity: 2 }]);
    });

    it('counts an expired general-admission hold as free at once, and the sweep announces the places', async () => {
      const eventId = await sut.generalEvent(2);
      const [ana, ben] = [await sut.member(), await sut.member()];
      const anas = await hold(ana.token, eventId, { quantity: 2 });
      expect((await hold(ben.token, eventId, { quantity: 1 })).body.code).toBe('NOT_ENOUGH_PLACES');
      sut.clock.advance(TTL_MS + 1);
      expect((await sut.api.get(`/api/events/${eventId}/seats`)).body.remaining).toBe(2);
      expect((await hold(ben.token, eventId, { quantity: 1 })).status).toBe(201);
      await releaseExpiredHolds(sut.ctx);
      expect(await holdStatus(anas.body.holdId)).toBe('expired');
      expect((await outboxPayloads(sut, 'seats.changed', eventId)).at(-1)).toEqual({ eventId, seatIds: [], status: 'free', quantity: 2, remaining: 1 });
    });

    it('reminds each confirmed booking once, a day before its event, and again only if the event moves', async () => {
      const now = sut.clock.now().getTime();
      const at = (hours: number) => ({ startsAt: new Date(now + hours * HOUR).toISOString(), endsAt: new Date(now + (hours + 2) * HOUR).toISOString() });
      const eventId = await sut.seatedEvent(at(30));
      const [ana, ben] = [await sut.member(), await sut.member()];
      const anas = await holdAndBook(sut, ana, eventId, { seatIds: ['B-1'] });
      const bens = await holdAndBook(sut, ben, eventId, { seatIds: ['B-2'] });
      await sut.api.post(`/api/bookings/${bens.id}/cancel`, { token: ben.token });
      const reminders = () => outboxPayloads(sut, 'booking.reminder', eventId);

      await sendBookingReminders(sut.ctx);
      expect(await reminders()).toEqual([]);
      sut.clock.advance(7 * HOUR); // the event now starts in 23 hours
      await Promise.all([sendBookingReminders(sut.ctx), sendBookingReminders(sut.ctx)]);
      await sendBookingReminders(sut.ctx);
      expect(await reminders()).toEqual([
        expect.objectContaining({ bookingId: anas.id, userId: ana.id, seatIds: ['B-1'], timezone: 'Asia/Jakarta', startsAt: at(30).startsAt }),
      ]);

      const moved = await sut.api.patch(`/api/events/${eventId}`, { token: sut.staff, body: at(31) });
      expect(moved.status).toBe(200);
      expect((await sut.api.get(`/api/bookings/${anas.id}`, { token: ana.token })).body.sequence).toBe(1);
      await sendBookingReminders(sut.ctx);
      expect((await reminders()).map((reminder) => reminder.startsAt)).toEqual([at(30).startsAt, at(31).startsAt]);
    });

    it('cancels an event with its bookings and holds: seats freed, event.cancelled once naming the bookers', async () => {
      const eventId = await sut.seatedEvent();
      const [ana, ben, cai] = [await sut.member(), await sut.member(), await sut.member()];
      const anas = await holdAndBook(sut, ana, eventId, { seatIds: ['G-1', 'G-2'] });
      const bens = await holdAndBook(sut, ben, eventId, { seatIds: ['G-3'] });
      const cais = await hold(cai.token, eventId, { seatIds: ['G-4'] });

      const cancels = await Promise.all([1, 2, 3].map(() => sut.api.post(`/api/events/${eventId}/cancel`, { token: sut.staff })));
      expect(cancels.map((r) => [r.status, r.body.status])).toEqual(Array(3).fill([200, 'cancelled']));
      const held = await sut.query<{ n: number }>(sql`
        select count(*)::int as n from ticketing.seats where event_id = ${eventId} and (hold_id is not null or booking_id is not null)`);
      expect(held[0]!.n).toBe(0);
      expect(await holdStatus(cais.body.holdId)).toBe('cancelled');

      const cancelled = await outboxPayloads(sut, 'event.cancelled', eventId);
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0].bookers).toEqual(
        expect.arrayContaining([
          { userId: ana.id, bookingId: anas.id },
          { userId: ben.id, bookingId: bens.id },
        ]),
      );
      expect(cancelled[0].bookers).toHaveLength(2);
      expect((await outboxPayloads(sut, 'booking.cancelled', eventId)).map((payload) => [payload.bookingId, payload.reason]).sort()).toEqual(
        [
          [anas.id, 'event-cancelled'],
          [bens.id, 'event-cancelled'],
        ].sort(),
      );
      expect((await outboxPayloads(sut, 'seats.changed', eventId)).at(-1)).toMatchObject({ status: 'free', quantity: 4 });

      expect((await sut.api.get(`/api/bookings/${anas.id}`, { token: ana.token })).body).toMatchObject({
        status: 'cancelled',
        sequence: 1,
        event: { status: 'cancelled' },
      });
      expect((await sut.api.post('/api/bookings', { token: cai.token, body: { holdId: cais.body.holdId } })).body.code).toBe('EVENT_CANCELLED');
      expect((await hold(cai.token, eventId, { seatIds: ['G-5'] })).body.code).toBe('EVENT_CANCELLED');
      expect((await sut.api.patch(`/api/events/${eventId}`, { token: sut.staff, body: { title: 'Back on' } })).body.code).toBe('EVENT_CANCELLED');
    });
  });

  it('records only events that match their published contracts', async () => {
    const rows = await sut.query<{ envelope: unknown }>(sql`select envelope from ticketing.outbox order by seq`);
    expect(rows.length).toBeGreaterThan(50);
    const types = new Set(rows.map((row) => parseEvent(row.envelope).type));
    expect([...types].sort()).toEqual([
      'booking.cancelled',
      'booking.changed',
      'booking.confirmed',
      'booking.reminder',
      'event.cancelled',
      'event.published',
      'event.updated',
      'seats.changed',
    ]);
  });
});
