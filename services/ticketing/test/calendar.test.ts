import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import { assertIcalendarParserInstalled, parseIcs } from './calendar-ics-parser.ts';
import type { ParsedEvent } from './calendar-ics-parser.ts';
import { holdAndBook, startTicketing } from './support.ts';
import type { Member } from './support.ts';

describeService('calendars of bookings', startTicketing, (sut) => {
  beforeAll(async () => {
    await assertIcalendarParserInstalled();
  });

  const bookingIcs = (member: Member | string, bookingId: string) =>
    sut.api.get<string>(`/api/bookings/${bookingId}/calendar.ics`, { token: typeof member === 'string' ? member : member.token });
  const newFeed = async (member: Member) => {
    const issued = await sut.api.post('/api/calendar/token', { token: member.token });
    expect(issued.status).toBe(201);
    return new URL(issued.body.feedUrl as string).pathname;
  };
  const feedEvents = async (path: string): Promise<ParsedEvent[]> => {
    const feed = await sut.api.get<string>(path);
    expect(feed.status).toBe(200);
    return (await parseIcs(feed.body)).events;
  };
  const eventOf = (events: ParsedEvent[], bookingId: string) => events.find((event) => event.uid === `booking-${bookingId}@pustaka`);

  it('serves a booking as an .ics file in the event zone, to its member and to staff', async () => {
    const eventId = await sut.seatedEvent();
    const event = (await sut.api.get(`/api/events/${eventId}`)).body;
    const member = await sut.member();
    const booking = await holdAndBook(sut, member, eventId, { seatIds: ['C-4', 'C-5'] });

    const ics = await bookingIcs(member, booking.id);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(ics.headers.get('content-disposition')).toBe(`attachment; filename="booking-${booking.code}.ics"`);
    const parsed = await parseIcs(ics.body);
    expect(parsed).toMatchObject({ method: 'PUBLISH', timezones: ['Asia/Jakarta'] });
    expect(parsed.events).toHaveLength(1);
    const startsAt = new Date(event.startsAt);
    expect(parsed.events[0]).toMatchObject({
      uid: `booking-${booking.id}@pustaka`,
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Asia/Jakarta',
      // Asia/Jakarta is UTC+7 all year.
      dtstart: jakartaIso(startsAt),
      dtend: jakartaIso(new Date(event.endsAt)),
      dtstartUtcByVtimezone: startsAt.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      summary: event.title,
      location: event.venue,
    });
    expect(parsed.events[0]!.description).toContain(`Booking ${booking.code}\nSeats: C-4, C-5`);

    expect((await bookingIcs(sut.staff, booking.id)).status).toBe(200);
    const link = new URL(booking.googleCalendarUrl);
    expect(link.searchParams.get('action')).toBe('TEMPLATE');
    expect(link.searchParams.get('ctz')).toBe('Asia/Jakarta');
    expect(link.searchParams.get('dates')).toBe(`${googleUtc(startsAt)}/${googleUtc(new Date(event.endsAt))}`);
  });

  it('answers another member exactly as for a booking that does not exist', async () => {
    const eventId = await sut.seatedEvent();
    const [owner, stranger] = [await sut.member(), await sut.member()];
    const booking = await holdAndBook(sut, owner, eventId, { seatIds: ['A-1'] });
    const foreign = await bookingIcs(stranger, booking.id);
    const missing = await bookingIcs(stranger, crypto.randomUUID());
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect([foreign.status, (foreign.body as any).code, (foreign.body as any).title]).toEqual([
      missing.status,
      (missing.body as any).code,
      (missing.body as any).title,
    ]);
    expect((await sut.api.get(`/api/bookings/${booking.id}/calendar.ics`)).status).toBe(401);
  });

  it('follows a booking through a seat change and a cancellation: one UID, SEQUENCE up, then CANCELLED', async () => {
    const eventId = await sut.seatedEvent();
    const member = await sut.member();
    const feed = await newFeed(member);
    const booking = await holdAndBook(sut, member, eventId, { seatIds: ['D-1'] });
    expect(eventOf(await feedEvents(feed), booking.id)).toMatchObject({ sequence: 0, status: 'CONFIRMED' });

    expect((await sut.api.patch(`/api/bookings/${booking.id}`, { token: member.token, body: { seatIds: ['D-2', 'D-3'] } })).status).toBe(200);
    const changed = eventOf(await feedEvents(feed), booking.id)!;
    expect(changed).toMatchObject({ sequence: 1, status: 'CONFIRMED' });
    expect(changed.description).toContain('Seats: D-2, D-3');
    expect((await parseIcs((await bookingIcs(member, booking.id)).body)).events[0]).toMatchObject({ sequence: 1, status: 'CONFIRMED' });

    expect((await sut.api.post(`/api/bookings/${booking.id}/cancel`, { token: member.token })).status).toBe(200);
    expect(eventOf(await feedEvents(feed), booking.id)).toMatchObject({ sequence: 2, status: 'CANCELLED' });
    expect((await parseIcs((await bookingIcs(member, booking.id)).body)).events[0]).toMatchObject({
      uid: `booking-${booking.id}@pustaka`,
      sequence: 2,
      status: 'CANCELLED',
    });
  });

  it('moves the entry when staff move the event, with a higher SEQUENCE', async () => {
    const eventId = await sut.seatedEvent();
    const member = await sut.member();
    const feed = await newFeed(member);
    const booking = await holdAndBook(sut, member, eventId, { seatIds: ['B-9'] });
    const before = eventOf(await feedEvents(feed), booking.id)!;
    const event = (await sut.api.get(`/api/events/${eventId}`)).body;
    const later = (iso: string) => new Date(new Date(iso).getTime() + 24 * 3_600_000);
    const moved = await sut.api.patch(`/api/events/${eventId}`, {
      token: sut.staff,
      body: { startsAt: later(event.startsAt).toISOString(), endsAt: later(event.endsAt).toISOString() },
    });
    expect(moved.status).toBe(200);
    const after = eventOf(await feedEvents(feed), booking.id)!;
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after).toMatchObject({ status: 'CONFIRMED', dtstart: jakartaIso(later(event.startsAt)), dtend: jakartaIso(later(event.endsAt)) });
  });

  it('shows every booking of a cancelled event as CANCELLED in the feed', async () => {
    const eventId = await sut.seatedEvent();
    const member = await sut.member();
    const feed = await newFeed(member);
    const booking = await holdAndBook(sut, member, eventId, { seatIds: ['E-7'] });
    expect((await sut.api.post(`/api/events/${eventId}/cancel`, { token: sut.staff })).status).toBe(200);
    const event = eventOf(await feedEvents(feed), booking.id)!;
    expect(event.status).toBe('CANCELLED');
    expect(event.sequence).toBeGreaterThan(0);
  });

  it("feeds a member all their own bookings and nobody else's", async () => {
    const [seated, general] = [await sut.seatedEvent(), await sut.generalEvent(50)];
    const [ana, ben] = [await sut.member(), await sut.member()];
    const mine = [await holdAndBook(sut, ana, seated, { seatIds: ['F-1'] }), await holdAndBook(sut, ana, general, { quantity: 2 })];
    const theirs = await holdAndBook(sut, ben, seated, { seatIds: ['F-2'] });
    const events = await feedEvents(await newFeed(ana));
    expect(events.map((event) => event.uid).sort()).toEqual(mine.map((booking) => `booking-${booking.id}@pustaka`).sort());
    expect(eventOf(events, theirs.id)).toBeUndefined();
    expect(eventOf(events, mine[1]!.id)!.description).toContain('General admission × 2');
  });

  it('issues a secret feed URL, keeps only its hash, and revokes it when replaced or deleted', async () => {
    const member = await sut.member();
    const first = await newFeed(member);
    const token = /^\/api\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(first)?.[1];
    expect(token).toBeDefined();
    const stored = await sut.query<{ token_hash: string }>(sql`select token_hash from ticketing.calendar_tokens where user_id = ${member.id}`);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token!).digest('hex') }]);

    const served = await sut.api.get<string>(first);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(served.headers.get('cache-control')).toBe('private, max-age=300');
    const again = await sut.api.get(first, { headers: { 'if-none-match': served.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const second = await newFeed(member);
    const revoked = await sut.api.get(first);
    expect(revoked.status).toBe(404);
    expect(revoked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(revoked.body).toMatchObject({ status: 404, code: 'CALENDAR_FEED_NOT_FOUND' });
    expect((await sut.api.get(second)).status).toBe(200);

    expect((await sut.api.delete('/api/calendar/token', { token: member.token })).status).toBe(204);
    expect((await sut.api.get(second)).status).toBe(404);
    expect((await sut.api.delete('/api/calendar/token', { token: member.token })).status).toBe(204);
    expect(await sut.query(sql`select 1 from ticketing.calendar_tokens where user_id = ${member.id}`)).toEqual([]);
  });

  it('documents the calendar routes in OpenAPI', async () => {
    const { paths } = (await sut.api.get('/openapi.json')).body;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/bookings/{id}/calendar.ics', '/api/calendar/token', '/api/calendar/{token}.ics']));
    expect(paths['/api/calendar/{token}.ics'].get.responses['200'].content).toHaveProperty(['text/calendar']);
  });

  it('refuses a malformed feed token and an anonymous token request', async () => {
    const malformed = await sut.api.get('/api/calendar/not-a-token.ics');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Well-formed (dashes and underscores are in base64url) but never issued.
    const unknown = await sut.api.get(`/api/calendar/${'-_'.repeat(21)}x.ics`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'CALENDAR_FEED_NOT_FOUND' });
    expect((await sut.api.post('/api/calendar/token')).status).toBe(401);
    expect((await sut.api.delete('/api/calendar/token')).status).toBe(401);
  });
});

/** `2026-05-08T19:00:00+07:00`: an instant as Jakarta's wall clock (UTC+7, no daylight saving). */
function jakartaIso(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

function googleUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
