import { expect, it } from 'vitest';
import { register } from '@pustaka/kit/metrics';
import { describeService } from '@pustaka/kit/testing';
import { releaseExpiredHolds } from '../src/holds/expire-holds.service.ts';
import { createSeatMapCache } from '../src/seat-map/seat-map-cache.ts';
import { knownSeatMapVersion } from '../src/seats/seat-map-version.ts';
import { newEvent } from '../testing.ts';
import { holdAndBook, startTicketing } from './support.ts';
import type { Member } from './support.ts';

const TTL_MS = 600_000;

/** Seat maps this process has built from the database, whatever the reason. */
async function mapBuilds(): Promise<number> {
  const metric = register.getSingleMetric('pustaka_ticketing_seat_map_builds_total');
  const values = metric ? (await metric.get()).values : [];
  return values.reduce((sum, value) => sum + value.value, 0);
}

interface SeatView {
  id: string;
  status: string;
  mine: boolean;
}

describeService('seat maps, cached and versioned', startTicketing, (sut) => {
  const map = (eventId: string, member?: Member, headers: Record<string, string> = {}) =>
    sut.api.get(`/api/events/${eventId}/seats`, { token: member?.token, headers });
  const seat = (body: { seats: SeatView[] }, id: string) => body.seats.find((one) => one.id === id);
  const hold = async (member: Member, eventId: string, body: unknown) => {
    const held = await sut.api.post(`/api/events/${eventId}/holds`, { token: member.token, body });
    expect(held.status).toBe(201);
    return held.body.holdId as string;
  };
  const version = (eventId: string) => knownSeatMapVersion(sut.ctx.cache, eventId);

  it('answers 304 to the ETag of an unchanged map, and a new ETag once a seat moves', async () => {
    const eventId = await sut.seatedEvent();
    const first = await map(eventId);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body).toMatchObject({ eventId, kind: 'seated', capacity: 100, remaining: 100, mine: { held: 0, booked: 0 } });

    const unchanged = await map(eventId, undefined, { 'if-none-match': etag });
    expect([unchanged.status, unchanged.body, unchanged.headers.get('etag')]).toEqual([304, undefined, etag]);
    expect((await map(eventId, undefined, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);

    await hold(await sut.member(), eventId, { seatIds: ['C-3'] });
    const changed = await map(eventId, undefined, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(seat(changed.body, 'C-3')).toMatchObject({ status: 'held', mine: false });
    expect(changed.body.remaining).toBe(99);
  });

  it('moves the version on every kind of change: hold, booking, seat change, cancellation, release, sweep, edit, cancelled event', async () => {
    const eventId = await sut.seatedEvent();
    const ana = await sut.member();
    await map(eventId);
    const moves = async (change: () => Promise<unknown>) => {
      const before = await version(eventId);
      const etag = (await map(eventId, ana)).headers.get('etag');
      await change();
      expect(await version(eventId)).not.toBe(before);
      return { etag, after: await map(eventId, ana, { 'if-none-match': etag ?? '' }) };
    };

    let holdId = '';
    const held = await moves(async () => (holdId = await hold(ana, eventId, { seatIds: ['A-1', 'A-2'] })));
    expect(seat(held.after.body, 'A-1')).toMatchObject({ status: 'held', mine: true });
    let bookingId = '';
    const booked = await moves(async () => (bookingId = (await sut.api.post('/api/bookings', { token: ana.token, body: { holdId } })).body.id));
    expect(seat(booked.after.body, 'A-1')).toMatchObject({ status: 'booked', mine: true });
    const swapped = await moves(() => sut.api.patch(`/api/bookings/${bookingId}`, { token: ana.token, body: { seatIds: ['A-1', 'J-9'] } }));
    expect([seat(swapped.after.body, 'A-2')?.status, seat(swapped.after.body, 'J-9')?.status]).toEqual(['free', 'booked']);
    const cancelled = await moves(() => sut.api.post(`/api/bookings/${bookingId}/cancel`, { token: ana.token }));
    expect(cancelled.after.body.mine).toEqual({ held: 0, booked: 0 });

    const releasable = await hold(ana, eventId, { seatIds: ['B-1'] });
    const released = await moves(async () => expect((await sut.api.delete(`/api/holds/${releasable}`, { token: ana.token })).status).toBe(204));
    expect(seat(released.after.body, 'B-1')?.status).toBe('free');

    await hold(ana, eventId, { seatIds: ['B-5'] });
    await map(eventId);
    sut.clock.advance(TTL_MS + 1_000);
    const swept = await moves(() => releaseExpiredHolds(sut.ctx));
    // The map had already shown B-5 free once its hold expired: the sweep changed no answer.
    expect(swept.after.status).toBe(304);
    expect(seat((await map(eventId)).body, 'B-5')?.status).toBe('free');

    const edited = await moves(() => sut.api.patch(`/api/events/${eventId}`, { token: sut.staff, body: { title: 'A new title' } }));
    expect(edited.after.status).toBe(304);
    await hold(ana, eventId, { seatIds: ['D-4'] });
    const called = await moves(async () => expect((await sut.api.post(`/api/events/${eventId}/cancel`, { token: sut.staff })).status).toBe(200));
    expect(seat(called.after.body, 'D-4')).toMatchObject({ status: 'free', mine: false });
  });

  it("shows a draft's layout edits (blocked seats) and its publication at once", async () => {
    const created = await sut.api.post('/api/events', { token: sut.staff, body: newEvent(sut.clock.now()) });
    const id = created.body.id as string;
    expect(seat((await map(id, { id: 'staff', token: sut.staff })).body, 'A-1')?.status).toBe('free');
    const member = await sut.member();
    expect((await map(id, member)).status).toBe(404);

    const layout = newEvent(sut.clock.now()).seating as Record<string, unknown>;
    expect((await sut.api.patch(`/api/events/${id}`, { token: sut.staff, body: { seating: { ...layout, blocked: ['A-1'] } } })).status).toBe(200);
    expect(seat((await map(id, { id: 'staff', token: sut.staff })).body, 'A-1')?.status).toBe('blocked');
    expect((await map(id, member)).status).toBe(404);

    expect((await sut.api.post(`/api/events/${id}/publish`, { token: sut.staff })).status).toBe(200);
    const published = await map(id, member);
    expect([published.status, seat(published.body, 'A-1')?.status, published.body.remaining]).toEqual([200, 'blocked', 99]);
  });

  it('builds a cold map once for a hundred requests at the same time, and once more after a change', async () => {
    const eventId = await sut.seatedEvent();
    const before = await mapBuilds();
    const answers = await Promise.all(Array.from({ length: 100 }, () => map(eventId)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.headers.get('etag'))).size).toBe(1);
    expect((await mapBuilds()) - before).toBe(1);

    await hold(await sut.member(), eventId, { seatIds: ['E-5'] });
    const after = await Promise.all(Array.from({ length: 100 }, () => map(eventId)));
    expect(after.every((answer) => seat(answer.body, 'E-5')?.status === 'held')).toBe(true);
    expect((await mapBuilds()) - before).toBe(2);
  });

  it("lays each member's own seats over the one shared map: marks, counts and ETags of their own", async () => {
    const eventId = await sut.seatedEvent();
    const [ana, ben] = [await sut.member(), await sut.member()];
    await hold(ana, eventId, { seatIds: ['A-1', 'A-2'] });
    await holdAndBook(sut, ben, eventId, { seatIds: ['B-7'] });
    await holdAndBook(sut, ana, eventId, { seatIds: ['J-10'] });
    await map(eventId);
    const before = await mapBuilds();
    const [anas, bens, anyone] = [await map(eventId, ana), await map(eventId, ben), await map(eventId)];
    expect(await mapBuilds()).toBe(before);

    const mine = (body: { seats: SeatView[] }) => body.seats.filter((one) => one.mine).map((one) => `${one.id} ${one.status}`);
    expect([mine(anas.body), anas.body.mine]).toEqual([['A-1 held', 'A-2 held', 'J-10 booked'], { held: 2, booked: 1 }]);
    expect([mine(bens.body), bens.body.mine]).toEqual([['B-7 booked'], { held: 0, booked: 1 }]);
    expect([mine(anyone.body), anyone.body.mine]).toEqual([[], { held: 0, booked: 0 }]);
    const strip = (body: { seats: SeatView[]; mine: unknown }) => ({ ...body, mine: null, seats: body.seats.map((one) => ({ ...one, mine: false })) });
    expect(strip(anas.body)).toEqual(strip(anyone.body));
    expect(strip(bens.body)).toEqual(strip(anyone.body));

    const etags = [anas, bens, anyone].map((answer) => answer.headers.get('etag')!);
    expect(new Set(etags).size).toBe(3);
    expect((await map(eventId, ana, { 'if-none-match': etags[0]! })).status).toBe(304);
    expect((await map(eventId, ben, { 'if-none-match': etags[0]! })).status).toBe(200);
    expect((await map(eventId, ana, { 'if-none-match': etags[2]! })).status).toBe(200);
  });

  it('shows a held seat free once its hold expires, with no event and no sweep, and tells its holder by a new ETag', async () => {
    const eventId = await sut.seatedEvent();
    const [ana, ben] = [await sut.member(), await sut.member()];
    await hold(ana, eventId, { seatIds: ['C-1'] });
    const held = await map(eventId, ana);
    const anyone = await map(eventId);
    expect([seat(held.body, 'C-1'), held.body.mine, held.body.remaining]).toEqual([
      expect.objectContaining({ status: 'held', mine: true }),
      { held: 1, booked: 0 },
      99,
    ]);
    const versionBefore = await version(eventId);

    sut.clock.advance(TTL_MS + 1_000);
    const expired = await map(eventId, ana, { 'if-none-match': held.headers.get('etag')! });
    expect(expired.status).toBe(200);
    expect([seat(expired.body, 'C-1'), expired.body.mine, expired.body.remaining]).toEqual([
      expect.objectContaining({ status: 'free', mine: false }),
      { held: 0, booked: 0 },
      100,
    ]);
    expect(await version(eventId)).toBe(versionBefore);

    // Ben holds it now: everyone else sees the very map they saw before, Ana does not.
    await hold(ben, eventId, { seatIds: ['C-1'] });
    expect((await map(eventId, undefined, { 'if-none-match': anyone.headers.get('etag')! })).status).toBe(304);
    const anasNow = await map(eventId, ana, { 'if-none-match': held.headers.get('etag')! });
    expect([anasNow.status, seat(anasNow.body, 'C-1')]).toEqual([200, expect.objectContaining({ status: 'held', mine: false })]);
  });

  it("counts a member's general-admission places and frees them when their hold expires", async () => {
    const eventId = await sut.generalEvent(10);
    const [ana, ben] = [await sut.member(), await sut.member()];
    await hold(ana, eventId, { quantity: 3 });
    await holdAndBook(sut, ben, eventId, { quantity: 2 });
    expect((await map(eventId, ana)).body).toMatchObject({ kind: 'general', remaining: 5, mine: { held: 3, booked: 0 }, seats: [] });
    expect((await map(eventId, ben)).body).toMatchObject({ remaining: 5, mine: { held: 0, booked: 2 } });
    sut.clock.advance(TTL_MS + 1_000);
    expect((await map(eventId, ana)).body).toMatchObject({ remaining: 8, mine: { held: 0, booked: 0 } });
  });

  it("serves another replica's change on this replica's next read", async () => {
    const eventId = await sut.seatedEvent();
    // A second replica: its own kept maps, the same database and shared cache.
    const replica = createSeatMapCache(sut.ctx, { maxEvents: 10, maxAgeSeconds: 60 });
    const seatOn = async (id: string) => {
      const build = await replica.current(eventId);
      return (JSON.parse(build!.shared.toString()) as { seats: SeatView[] }).seats.find((one) => one.id === id)?.status;
    };
    expect(await seatOn('F-2')).toBe('free');
    const ana = await sut.member();
    const holdId = await hold(ana, eventId, { seatIds: ['F-2'] });
    expect(await seatOn('F-2')).toBe('held');
    expect((await sut.api.post('/api/bookings', { token: ana.token, body: { holdId } })).status).toBe(201);
    expect(await seatOn('F-2')).toBe('booked');
  });

  it('answers 404 for an event that does not exist, and keeps no version for it', async () => {
    const id = crypto.randomUUID();
    expect((await map(id)).status).toBe(404);
    expect(await version(id)).toBeUndefined();
  });
});
