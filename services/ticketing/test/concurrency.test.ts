import { expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import type { TestResponse } from '@pustaka/kit/testing';
import { holdAndBook, outboxPayloads, startTicketing } from './support.ts';
import type { Member } from './support.ts';

const ROWS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];

/** A small deterministic generator, so a failing run can be replayed exactly. */
function randomFrom(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
}

/** 1 to 4 adjacent seats somewhere in the 10×10 hall. */
function adjacentSeats(random: (below: number) => number): string[] {
  const row = ROWS[random(ROWS.length)]!;
  const count = 1 + random(4);
  const first = 1 + random(11 - count);
  return Array.from({ length: count }, (_, i) => `${row}-${first + i}`);
}

/** How many responses of each status, and of each problem code: `{ '201': 40, '409 SEAT_TAKEN': 960 }`. */
const statusesOf = (responses: TestResponse[]) =>
  Object.fromEntries(
    Object.entries(Object.groupBy(responses, (r) => (r.status < 400 ? String(r.status) : `${r.status} ${r.body?.code}`))).map(([key, list]) => [
      key,
      list!.length,
    ]),
  );

describeService('no seat is ever sold twice, under concurrency', startTicketing, (sut, { backend }) => {
  // PGlite has one connection: its transactions run one at a time, so there a rush proves the HTTP
  // path and the invariants but races nothing, and each request costs several milliseconds of
  // WebAssembly. PostgreSQL, where transactions really race, takes the full size.
  const size = (requests: number) => (backend.name.startsWith('pglite') ? requests / 4 : requests);

  it(`${size(1_000)} concurrent holds with overlapping seats on a 100-seat event: every 201 backed by its rows, every 409 left nothing`, async () => {
    const eventId = await sut.seatedEvent();
    const members = await Promise.all(Array.from({ length: size(1_000) / 4 }, () => sut.member()));
    const random = randomFrom(20_240_501);
    const requests = Array.from({ length: size(1_000) }, (_, i) => ({ member: members[i % members.length]!, seatIds: adjacentSeats(random) }));

    const responses = await Promise.all(
      requests.map(({ member, seatIds }) => sut.api.post(`/api/events/${eventId}/holds`, { token: member.token, body: { seatIds } })),
    );

    const counts = statusesOf(responses);
    expect(
      Object.keys(counts).every((key) => ['201', '409 SEAT_TAKEN', '409 HOLD_LIMIT_EXCEEDED'].includes(key)),
      JSON.stringify(counts),
    ).toBe(true);
    const held = responses.flatMap((response) =>
      response.status === 201 ? [{ holdId: response.body.holdId as string, seats: response.body.seats as string[] }] : [],
    );
    expect(held.length).toBeGreaterThan(10);
    const heldSeats = held.flatMap((hold) => hold.seats);
    expect(new Set(heldSeats).size).toBe(heldSeats.length); // no seat in two successful holds

    const seatRows = await sut.query<{ seat_id: string; hold_id: string }>(sql`
      select seat_id, hold_id from ticketing.seats where event_id = ${eventId} and hold_id is not null`);
    expect(seatRows).toHaveLength(heldSeats.length);
    const ownerOf = new Map(seatRows.map((row) => [row.seat_id, row.hold_id]));
    for (const hold of held) for (const seat of hold.seats) expect(ownerOf.get(seat)).toBe(hold.holdId);
    const holdRows = await sut.query<{ id: string; user_id: string; quantity: number }>(
      sql`select id, user_id, quantity from ticketing.holds where event_id = ${eventId}`,
    );
    // Every refusal rolled back entirely: the only holds are those answered 201.
    expect(holdRows.map((row) => row.id).sort()).toEqual(held.map((hold) => hold.holdId).sort());
    // SEAT_TAKEN was true: each seat it named is held by someone now (nothing was released during the rush).
    const named = responses.filter((r) => r.body?.code === 'SEAT_TAKEN').flatMap((r) => r.body.seatIds as string[]);
    expect(named.every((seat) => ownerOf.has(seat))).toBe(true);
    const perMember = Object.groupBy(holdRows, (row) => row.user_id);
    expect(Object.values(perMember).every((rows) => rows!.reduce((sum, row) => sum + row.quantity, 0) <= 10)).toBe(true);
    expect((await outboxPayloads(sut, 'seats.changed', eventId)).filter((change) => change.status === 'held')).toHaveLength(held.length);

    const map = (await sut.api.get(`/api/events/${eventId}/seats`)).body;
    expect(map.remaining).toBe(100 - heldSeats.length);
  });

  it(`swaps seats of 20 bookings with ${size(200)} concurrent changes: every booking keeps exactly its seats, never a deadlock`, async () => {
    const eventId = await sut.seatedEvent();
    const owners: Member[] = await Promise.all(Array.from({ length: 20 }, () => sut.member()));
    const bookings = await Promise.all(
      owners.map((owner, i) =>
        holdAndBook(sut, owner, eventId, { seatIds: [`${ROWS[i % 10]}-${1 + Math.floor(i / 10) * 2}`, `${ROWS[i % 10]}-${2 + Math.floor(i / 10) * 2}`] }),
      ),
    );
    const random = randomFrom(7);
    const changes = Array.from({ length: size(200) }, () => {
      const i = random(bookings.length);
      const row = ROWS[random(ROWS.length)]!;
      const first = 1 + random(8);
      return { i, seatIds: [`${row}-${first}`, `${row}-${first + 1}`] };
    });

    const responses = await Promise.all(
      changes.map(({ i, seatIds }) => sut.api.patch(`/api/bookings/${bookings[i]!.id}`, { token: owners[i]!.token, body: { seatIds } })),
    );

    const counts = statusesOf(responses);
    expect(
      Object.keys(counts).every((key) => ['200', '409 SEAT_TAKEN'].includes(key)),
      JSON.stringify(counts),
    ).toBe(true);
    expect(counts['200']).toBeGreaterThan(0);
    const rows = await sut.query<{ id: string; seat_ids: string[]; quantity: number; total: number; sequence: number }>(sql`
      select id, seat_ids, quantity, total, sequence from ticketing.bookings where event_id = ${eventId}`);
    const seats = await sut.query<{ seat_id: string; booking_id: string; price: number }>(sql`
      select seat_id, booking_id, price from ticketing.seats where event_id = ${eventId} and booking_id is not null`);
    const changed = await outboxPayloads(sut, 'booking.changed', eventId);
    expect(seats).toHaveLength(40);
    for (const booking of rows) {
      const own = seats.filter((seat) => seat.booking_id === booking.id);
      expect(own.map((seat) => seat.seat_id).sort()).toEqual([...booking.seat_ids].sort());
      expect(booking.quantity).toBe(2);
      expect(booking.total).toBe(own.reduce((sum, seat) => sum + seat.price, 0));
      // One booking.changed per change that took effect, and the sequence counts exactly those.
      expect(changed.filter((payload) => payload.bookingId === booking.id)).toHaveLength(booking.sequence);
    }
    // The last change of each booking that took effect is what it holds now.
    for (const booking of rows) {
      const last = changed.filter((payload) => payload.bookingId === booking.id).at(-1);
      if (last) expect(last.seatIds).toEqual(booking.seat_ids);
    }
  });

  it(`never goes over a general-admission capacity: ${size(300)} concurrent requests for 50 places`, async () => {
    const eventId = await sut.generalEvent(50);
    const members = await Promise.all(Array.from({ length: 100 }, () => sut.member()));
    const responses = await Promise.all(
      Array.from({ length: size(300) }, (_, i) =>
        sut.api.post(`/api/events/${eventId}/holds`, { token: members[i % 100]!.token, body: { quantity: 1 + (i % 2) } }),
      ),
    );
    const counts = statusesOf(responses);
    expect(
      Object.keys(counts).every((key) => ['201', '409 NOT_ENOUGH_PLACES'].includes(key)),
      JSON.stringify(counts),
    ).toBe(true);
    const granted = responses.filter((r) => r.status === 201).reduce((sum, r) => sum + (r.body.quantity as number), 0);
    const [row] = await sut.query<{ places: number; holds: number }>(sql`
      select coalesce(sum(quantity), 0)::int as places, count(*)::int as holds from ticketing.holds where event_id = ${eventId}`);
    expect(row).toEqual({ places: granted, holds: counts['201'] });
    expect(granted).toBeGreaterThanOrEqual(49); // the last place may go unsold only to a request for two
    expect(granted).toBeLessThanOrEqual(50);

    // Booking every hold concurrently keeps the count, and the places left stay right.
    const holdIds = responses.filter((r) => r.status === 201).map((r) => r.body.holdId as string);
    const owners = responses.flatMap((r, i) => (r.status === 201 ? [members[i % 100]!] : []));
    const booked = await Promise.all(holdIds.map((holdId, i) => sut.api.post('/api/bookings', { token: owners[i]!.token, body: { holdId } })));
    expect(booked.every((r) => r.status === 201)).toBe(true);
    expect((await sut.api.get(`/api/events/${eventId}/seats`)).body.remaining).toBe(50 - granted);
    if (granted < 50) expect(await holdAndBook(sut, await sut.member(), eventId, { quantity: 50 - granted })).toMatchObject({ quantity: 50 - granted });
  });
});
