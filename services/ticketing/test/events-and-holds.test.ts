import { describe, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import { outboxPayloads, startTicketing } from './support.ts';
import { newEvent } from '../testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((error) => error.field))].sort();

describeService(
  'events and holds',
  (storage) => startTicketing(storage, { MAX_SEATS_PER_MEMBER: 6 }),
  (sut) => {
    describe('events', () => {
      const create = (overrides: Record<string, unknown> = {}) => sut.api.post('/api/events', { token: sut.staff, body: newEvent(sut.clock.now(), overrides) });

      it('lays a seated layout out into seats with stable ids, prices per section and blocked seats', async () => {
        const created = await create({
          seating: {
            kind: 'seated',
            sections: [
              { name: ' Stalls ', rows: ['A', 'B'], seatsPerRow: 3, price: 20_000 },
              { name: 'Balcony', rows: ['AA'], seatsPerRow: 2, price: 8_000 },
            ],
            blocked: ['B-2'],
          },
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ status: 'draft', capacity: 7, priceFrom: 8_000, timezone: 'Asia/Jakarta', publishedAt: null });
        expect(created.body.seating.sections[0].name).toBe('Stalls');
        const map = await sut.api.get(`/api/events/${created.body.id}/seats`, { token: sut.staff });
        expect(map.body.seats.map((seat: { id: string }) => seat.id)).toEqual(['A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3', 'AA-1', 'AA-2']);
        expect(map.body.seats[4]).toEqual({ id: 'B-2', section: 'Stalls', row: 'B', number: 2, price: 20_000, status: 'blocked', mine: false });
        expect(map.body).toMatchObject({ kind: 'seated', capacity: 7, remaining: 7, mine: { held: 0, booked: 0 } });
      });

      it('keeps drafts to staff, and publishes once with event.published', async () => {
        const id = (await create()).body.id as string;
        const member = await sut.member();
        expect((await sut.api.get(`/api/events/${id}`, { token: member.token })).status).toBe(404);
        expect((await sut.api.get(`/api/events/${id}/seats`)).status).toBe(404);
        expect((await sut.api.post(`/api/events/${id}/holds`, { token: member.token, body: { seatIds: ['A-1'] } })).status).toBe(404);
        expect((await sut.api.get('/api/events?status=draft', { token: member.token })).status).toBe(403);
        expect((await sut.api.get('/api/events?status=draft&pageSize=100', { token: sut.staff })).body.items.map((e: { id: string }) => e.id)).toContain(id);

        const [first, second] = [
          await sut.api.post(`/api/events/${id}/publish`, { token: sut.staff }),
          await sut.api.post(`/api/events/${id}/publish`, { token: sut.staff }),
        ];
        expect([first.body.status, second.body.status]).toEqual(['published', 'published']);
        expect((await sut.api.get(`/api/events/${id}`)).body.id).toBe(id);
        const published = await outboxPayloads(sut, 'event.published', id);
        expect(published).toEqual([
          expect.objectContaining({ eventId: id, kind: 'seated', capacity: 100, priceFrom: 10_000, currency: 'IDR', timezone: 'Asia/Jakarta' }),
        ]);
      });

      it('lets only staff run events', async () => {
        const member = await sut.member();
        const id = await sut.seatedEvent();
        expect((await sut.api.post('/api/events', { body: newEvent(sut.clock.now()) })).status).toBe(401);
        expect((await sut.api.post('/api/events', { token: member.token, body: newEvent(sut.clock.now()) })).status).toBe(403);
        expect((await sut.api.patch(`/api/events/${id}`, { token: member.token, body: { title: 'Mine now' } })).status).toBe(403);
        expect((await sut.api.post(`/api/events/${id}/cancel`, { token: member.token })).status).toBe(403);
      });

      it('refuses bad events, naming every failing field', async () => {
        const start = new Date(sut.clock.now().getTime() + DAY);
        const bad = await create({
          startsAt: start.toISOString(),
          endsAt: start.toISOString(),
          salesOpenAt: new Date(start.getTime() + 1).toISOString(),
          timezone: 'Mars/Olympus_Mons',
          currency: 'XYZ',
        });
        expect(bad.status).toBe(400);
        expect(bad.body.code).toBe('VALIDATION_FAILED');
        expect(fields(bad.body)).toEqual(['/currency', '/endsAt', '/salesOpenAt', '/timezone']);

        expect(fields((await create({ startsAt: '2030-05-01T19:00:00', timezone: '+07:00', title: ' ', extra: 1 })).body)).toEqual(
          expect.arrayContaining(['/extra', '/startsAt', '/title']),
        );
        expect(fields((await create({ timezone: '+07:00' })).body)).toEqual(['/timezone']);

        const layout = (sections: unknown[], blocked?: string[]) => create({ seating: { kind: 'seated', sections, ...(blocked ? { blocked } : {}) } });
        const twice = await layout([
          { name: 'A', rows: ['A', 'B'], seatsPerRow: 5, price: 1 },
          { name: 'B', rows: ['B'], seatsPerRow: 5, price: 1 },
        ]);
        expect(fields(twice.body)).toEqual(['/seating/sections/1/rows/0']);
        const huge = await layout([{ name: 'Arena', rows: Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i)), seatsPerRow: 200, price: 1 }]);
        expect(huge.body.errors).toEqual([expect.objectContaining({ field: '/seating', message: expect.stringContaining('at most 5000') })]);
        expect(fields((await layout([{ name: 'A', rows: ['A'], seatsPerRow: 5, price: 1 }], ['A-6'])).body)).toEqual(['/seating/blocked/0']);
        expect((await layout([{ name: 'A', rows: ['a1'], seatsPerRow: 0, price: -1 }])).status).toBe(400);
      });

      it('accepts the largest layout (5,000 seats)', async () => {
        const rows = Array.from({ length: 25 }, (_, i) => String.fromCharCode(65 + i));
        const created = await create({ seating: { kind: 'seated', sections: [{ name: 'Arena', rows, seatsPerRow: 200, price: 1_000 }] } });
        expect(created.status).toBe(201);
        expect(created.body.capacity).toBe(5_000);
      });

      it('changes a draft freely, and a published event within limits, bumping its bookings for calendars', async () => {
        const draft = (await create()).body.id as string;
        const relaid = await sut.api.patch(`/api/events/${draft}`, {
          token: sut.staff,
          body: { seating: { kind: 'general', capacity: 40, price: 2_500 }, salesOpenAt: null },
        });
        expect(relaid.body).toMatchObject({ capacity: 40, seating: { kind: 'general' } });
        expect((await sut.api.get(`/api/events/${draft}/seats`, { token: sut.staff })).body).toMatchObject({ kind: 'general', remaining: 40, seats: [] });

        const id = await sut.seatedEvent();
        const locked = await sut.api.patch(`/api/events/${id}`, { token: sut.staff, body: { seating: { kind: 'general', capacity: 10, price: 1 } } });
        expect([locked.status, locked.body.code]).toEqual([409, 'EVENT_PUBLISHED']);
        const past = await sut.api.patch(`/api/events/${id}`, {
          token: sut.staff,
          body: { startsAt: new Date(sut.clock.now().getTime() - DAY).toISOString() },
        });
        expect(fields(past.body)).toEqual(expect.arrayContaining(['/startsAt']));
        const later = new Date(sut.clock.now().getTime() + 10 * DAY);
        const moved = await sut.api.patch(`/api/events/${id}`, {
          token: sut.staff,
          body: { venue: 'The Annex', startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3_600_000).toISOString() },
        });
        expect(moved.status).toBe(200);
        expect(moved.body).toMatchObject({ venue: 'The Annex', startsAt: later.toISOString() });
        expect(await outboxPayloads(sut, 'event.updated', id)).toEqual([expect.objectContaining({ venue: 'The Annex', startsAt: later.toISOString() })]);
      });

      it('lists published events by start time, upcoming by default, filtered by dates and paged', async () => {
        const base = sut.clock.now().getTime() + 400 * DAY; // beyond every other test's events
        const at = (days: number) => ({ startsAt: new Date(base + days * DAY).toISOString(), endsAt: new Date(base + days * DAY + 3_600_000).toISOString() });
        const ids = [await sut.seatedEvent(at(3)), await sut.seatedEvent(at(1)), await sut.seatedEvent(at(2))];
        await create(at(1)); // a draft: never listed publicly
        const window = `from=${new Date(base).toISOString()}&to=${new Date(base + 10 * DAY).toISOString()}`;
        const all = await sut.api.get(`/api/events?${window}`);
        expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
        expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([ids[1], ids[2], ids[0]]);
        const second = await sut.api.get(`/api/events?${window}&page=2&pageSize=2`);
        expect(second.body.items.map((e: { id: string }) => e.id)).toEqual([ids[0]]);
        const narrow = await sut.api.get(`/api/events?from=${new Date(base + 1.5 * DAY).toISOString()}&to=${new Date(base + 2.5 * DAY).toISOString()}`);
        expect(narrow.body.items.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
        expect(
          (await sut.api.get('/api/events?pageSize=100')).body.items.every(
            (e: { status: string; startsAt: string }) => e.status === 'published' && new Date(e.startsAt) >= sut.clock.now(),
          ),
        ).toBe(true);
        expect((await sut.api.get('/api/events?from=yesterday')).status).toBe(400);
      });

      it('refuses to publish an event that already started', async () => {
        const start = new Date(sut.clock.now().getTime() + 3_600_000);
        const id = (await create({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() })).body.id;
        sut.clock.advance(2 * 3_600_000);
        try {
          const published = await sut.api.post(`/api/events/${id}/publish`, { token: sut.staff });
          expect([published.status, published.body.code]).toEqual([409, 'EVENT_IN_PAST']);
        } finally {
          sut.clock.advance(-2 * 3_600_000);
        }
      });
    });

    describe('holding seats', () => {
      const hold = (token: string, eventId: string, body: unknown, headers: Record<string, string> = {}) =>
        sut.api.post(`/api/events/${eventId}/holds`, { token, body, headers });
      const holdRows = (eventId: string) => sut.query<{ id: string; status: string }>(sql`select id, status from ticketing.holds where event_id = ${eventId}`);

      it('holds free seats for the configured time and shows them as mine on the seat map', async () => {
        const eventId = await sut.seatedEvent();
        const [ana, ben] = [await sut.member(), await sut.member()];
        const held = await hold(ana.token, eventId, { seatIds: ['B-2', 'A-1'] });
        expect(held.status).toBe(201);
        expect(held.body).toMatchObject({ eventId, status: 'active', seats: ['A-1', 'B-2'], quantity: 2, total: 30_000, currency: 'IDR' });
        const ttl = new Date(held.body.expiresAt).getTime() - sut.clock.now().getTime();
        expect(ttl).toBeGreaterThan(590_000);
        expect(ttl).toBeLessThanOrEqual(600_000);

        const seatOf = (map: { seats: { id: string }[] }, id: string) => map.seats.find((seat) => seat.id === id);
        const mine = (await sut.api.get(`/api/events/${eventId}/seats`, { token: ana.token })).body;
        expect(seatOf(mine, 'A-1')).toMatchObject({ status: 'held', mine: true });
        expect(mine).toMatchObject({ remaining: 98, mine: { held: 2, booked: 0 } });
        const theirs = (await sut.api.get(`/api/events/${eventId}/seats`, { token: ben.token })).body;
        expect(seatOf(theirs, 'A-1')).toMatchObject({ status: 'held', mine: false });
        expect(seatOf((await sut.api.get(`/api/events/${eventId}/seats`)).body, 'A-2')).toMatchObject({ status: 'free', mine: false });
        expect(await outboxPayloads(sut, 'seats.changed', eventId)).toEqual([{ eventId, seatIds: ['A-1', 'B-2'], status: 'held', quantity: 2 }]);
      });

      it('takes all the seats or none: 409 SEAT_TAKEN names the taken ones and leaves nothing behind', async () => {
        const eventId = await sut.seatedEvent();
        const [ana, ben] = [await sut.member(), await sut.member()];
        expect((await hold(ana.token, eventId, { seatIds: ['C-3', 'C-4'] })).status).toBe(201);
        const refused = await hold(ben.token, eventId, { seatIds: ['C-2', 'C-3', 'C-4', 'C-5'] });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ code: 'SEAT_TAKEN', seatIds: ['C-3', 'C-4'] });
        expect(await holdRows(eventId)).toHaveLength(1);
        const free = await sut.query<{ seat_id: string }>(
          sql`select seat_id from ticketing.seats where event_id = ${eventId} and hold_id is null and seat_id in ('C-2', 'C-5')`,
        );
        expect(free).toHaveLength(2);
        expect((await hold(ben.token, eventId, { seatIds: ['C-2', 'C-5'] })).status).toBe(201);
      });

      it('never sells a blocked seat, and refuses seats the layout does not have', async () => {
        const eventId = await sut.seatedEvent({
          seating: { kind: 'seated', sections: [{ name: 'All', rows: ['A'], seatsPerRow: 4, price: 1_000 }], blocked: ['A-4'] },
        });
        const ana = await sut.member();
        expect((await hold(ana.token, eventId, { seatIds: ['A-4'] })).body).toMatchObject({ code: 'SEAT_TAKEN', seatIds: ['A-4'] });
        const unknown = await hold(ana.token, eventId, { seatIds: ['A-1', 'Z-9'] });
        expect([unknown.status, unknown.body.code, unknown.body.seatIds]).toEqual([400, 'UNKNOWN_SEATS', ['Z-9']]);
        expect(await holdRows(eventId)).toHaveLength(0);
      });

      it('validates the request: seat ids, their number, and seats versus places', async () => {
        const seated = await sut.seatedEvent();
        const general = await sut.generalEvent(10);
        const ana = await sut.member();
        for (const body of [
          {},
          { seatIds: [] },
          { seatIds: ['a-1'] },
          { seatIds: ['A-1', 'A-1'] },
          { seatIds: ['A-1'], quantity: 1 },
          { quantity: 0 },
          { seatIds: ['A-1'], note: 'x' },
        ]) {
          const response = await hold(ana.token, seated, body);
          expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        }
        expect((await hold(ana.token, seated, { quantity: 2 })).body.errors).toEqual([expect.objectContaining({ field: '/seatIds' })]);
        expect((await hold(ana.token, general, { seatIds: ['A-1'] })).body.errors).toEqual([expect.objectContaining({ field: '/quantity' })]);
        expect((await hold(ana.token, crypto.randomUUID(), { seatIds: ['A-1'] })).body.code).toBe('EVENT_NOT_FOUND');
        expect((await sut.api.post(`/api/events/${seated}/holds`, { body: { seatIds: ['A-1'] } })).status).toBe(401);
      });

      it('limits each member to MAX_SEATS_PER_MEMBER seats per event, holds and bookings together', async () => {
        const eventId = await sut.seatedEvent();
        const ana = await sut.member();
        const first = await hold(ana.token, eventId, { seatIds: ['D-1', 'D-2', 'D-3', 'D-4'] });
        await sut.api.post('/api/bookings', { token: ana.token, body: { holdId: first.body.holdId } });
        expect((await hold(ana.token, eventId, { seatIds: ['E-1'] })).status).toBe(201);
        const over = await hold(ana.token, eventId, { seatIds: ['E-2', 'E-3'] });
        expect(over.status).toBe(409);
        expect(over.body).toMatchObject({ code: 'HOLD_LIMIT_EXCEEDED', limit: 6, held: 1, booked: 4, requested: 2 });
        expect((await hold(ana.token, eventId, { seatIds: ['E-2'] })).status).toBe(201);
        // Another event has its own allowance.
        expect((await hold(ana.token, await sut.seatedEvent(), { seatIds: ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6'] })).status).toBe(201);
      });

      it('sells only between salesOpenAt and the start: 409 SALES_CLOSED otherwise', async () => {
        const now = sut.clock.now().getTime();
        const eventId = await sut.seatedEvent({
          salesOpenAt: new Date(now + HOUR).toISOString(),
          startsAt: new Date(now + 3 * HOUR).toISOString(),
          endsAt: new Date(now + 4 * HOUR).toISOString(),
        });
        const ana = await sut.member();
        const early = await hold(ana.token, eventId, { seatIds: ['A-1'] });
        expect([early.status, early.body.code, early.body.salesOpenAt]).toEqual([409, 'SALES_CLOSED', new Date(now + HOUR).toISOString()]);
        sut.clock.advance(2 * HOUR);
        try {
          expect((await hold(ana.token, eventId, { seatIds: ['A-1'] })).status).toBe(201);
          sut.clock.advance(2 * HOUR);
          const late = await hold(ana.token, eventId, { seatIds: ['A-2'] });
          expect([late.status, late.body.code]).toEqual([409, 'SALES_CLOSED']);
        } finally {
          sut.clock.advance(-4 * HOUR);
        }
      });

      it('releases a hold early: its seats are free at once, once', async () => {
        const eventId = await sut.seatedEvent();
        const [ana, ben] = [await sut.member(), await sut.member()];
        const held = await hold(ana.token, eventId, { seatIds: ['F-1', 'F-2'] });
        const releases = await Promise.all([1, 2, 3].map(() => sut.api.delete(`/api/holds/${held.body.holdId}`, { token: ana.token })));
        expect(releases.map((r) => r.status)).toEqual([204, 204, 204]);
        expect((await hold(ben.token, eventId, { seatIds: ['F-1', 'F-2'] })).status).toBe(201);
        const changes = (await outboxPayloads(sut, 'seats.changed', eventId)).map((change) => [change.status, change.seatIds]);
        expect(changes).toEqual([
          ['held', ['F-1', 'F-2']],
          ['free', ['F-1', 'F-2']],
          ['held', ['F-1', 'F-2']],
        ]);
        expect((await sut.api.post('/api/bookings', { token: ana.token, body: { holdId: held.body.holdId } })).body.code).toBe('HOLD_RELEASED');
      });

      it('holds general-admission places up to the capacity', async () => {
        const eventId = await sut.generalEvent(5);
        const [ana, ben] = [await sut.member(), await sut.member()];
        const held = await hold(ana.token, eventId, { quantity: 3 });
        expect(held.body).toMatchObject({ seats: [], quantity: 3, total: 15_000 });
        const over = await hold(ben.token, eventId, { quantity: 3 });
        expect(over.body).toMatchObject({ code: 'NOT_ENOUGH_PLACES', requested: 3, remaining: 2 });
        expect((await hold(ben.token, eventId, { quantity: 2 })).status).toBe(201);
        const map = await sut.api.get(`/api/events/${eventId}/seats`, { token: ana.token });
        expect(map.body).toMatchObject({ kind: 'general', capacity: 5, remaining: 0, mine: { held: 3, booked: 0 }, seats: [] });
        expect(await outboxPayloads(sut, 'seats.changed', eventId)).toEqual([
          { eventId, seatIds: [], status: 'held', quantity: 3, remaining: 2 },
          { eventId, seatIds: [], status: 'held', quantity: 2, remaining: 0 },
        ]);
      });

      it('replays a hold for a retry with the same Idempotency-Key, and refuses the key for another request', async () => {
        const eventId = await sut.seatedEvent();
        const ana = await sut.member();
        const key = { 'idempotency-key': `hold-${crypto.randomUUID()}` };
        const tries = await Promise.all(Array.from({ length: 5 }, () => hold(ana.token, eventId, { seatIds: ['G-5', 'G-6'] }, key)));
        expect(tries.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
        expect(new Set(tries.map((r) => r.body.holdId)).size).toBe(1);
        expect(tries.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
        expect(await holdRows(eventId)).toHaveLength(1);
        const other = await hold(ana.token, eventId, { seatIds: ['G-7'] }, key);
        expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      });
    });
  },
);
