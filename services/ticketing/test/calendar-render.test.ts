import { beforeAll, describe, expect, it } from 'vitest';
import { googleCalendarLink, renderCalendar } from '../src/calendar/index.ts';
import type { CalendarBooking } from '../src/calendar/index.ts';
import { assertIcalendarParserInstalled, parseIcs } from './calendar-ics-parser.ts';

function newCalendarBooking(overrides: Partial<CalendarBooking> = {}, event: Partial<CalendarBooking['event']> = {}): CalendarBooking {
  return {
    bookingId: crypto.randomUUID(),
    code: 'PSK7F3KQ',
    status: 'confirmed',
    sequence: 0,
    createdAt: new Date('2026-04-01T10:00:00Z'),
    updatedAt: new Date('2026-04-02T11:30:00Z'),
    seats: ['A1', 'A2'],
    ...overrides,
    event: {
      id: crypto.randomUUID(),
      title: 'Author talk: Pramoedya, revisited',
      description: 'Bring your copy; Q&A after.',
      venue: 'Pustaka Kemang, Jakarta',
      // 19:00–21:00 in Jakarta (UTC+7, no daylight saving)
      startsAt: new Date('2026-05-01T12:00:00Z'),
      endsAt: new Date('2026-05-01T14:00:00Z'),
      timezone: 'Asia/Jakarta',
      status: 'published',
      ...event,
    },
  };
}

const now = new Date('2026-04-10T08:00:00Z');

describe('a calendar of bookings, read by python3-icalendar', () => {
  beforeAll(assertIcalendarParserInstalled);

  it('writes one VEVENT per booking with its UID, SEQUENCE, STATUS and times in the event zone', async () => {
    const talk = newCalendarBooking({ sequence: 3 });
    // The night Berlin moves its clocks forward: 01:30 CET to 04:30 CEST.
    const workshop = newCalendarBooking(
      { code: 'PSKW0RK5', seats: ['GA'] },
      {
        title: 'Bookbinding workshop',
        timezone: 'Europe/Berlin',
        startsAt: new Date('2026-03-29T00:30:00Z'),
        endsAt: new Date('2026-03-29T02:30:00Z'),
      },
    );
    const parsed = await parseIcs(renderCalendar([talk, workshop], { name: 'Pustaka bookings', now }));

    expect(parsed).toMatchObject({ method: 'PUBLISH', name: 'Pustaka bookings', timezones: ['Asia/Jakarta', 'Europe/Berlin'] });
    expect(parsed.events).toEqual([
      expect.objectContaining({
        uid: `booking-${talk.bookingId}@pustaka`,
        sequence: 3,
        status: 'CONFIRMED',
        tzid: 'Asia/Jakarta',
        dtstart: '2026-05-01T19:00:00+07:00',
        dtend: '2026-05-01T21:00:00+07:00',
        dtstartUtcByVtimezone: '2026-05-01T12:00:00+00:00',
        dtstamp: '2026-04-02T11:30:00+00:00',
        lastModified: '2026-04-02T11:30:00+00:00',
        summary: 'Author talk: Pramoedya, revisited',
        location: 'Pustaka Kemang, Jakarta',
      }),
      expect.objectContaining({
        uid: `booking-${workshop.bookingId}@pustaka`,
        sequence: 0,
        status: 'CONFIRMED',
        tzid: 'Europe/Berlin',
        dtstart: '2026-03-29T01:30:00+01:00',
        dtend: '2026-03-29T04:30:00+02:00',
        dtstartUtcByVtimezone: '2026-03-29T00:30:00+00:00',
      }),
    ]);
    expect(parsed.events[0]!.description).toBe('Booking PSK7F3KQ\nSeats: A1, A2\n\nBring your copy; Q&A after.');
  });

  it('marks a cancelled booking, and every booking of a cancelled event, STATUS:CANCELLED', async () => {
    const cancelled = newCalendarBooking({ status: 'cancelled', sequence: 2 });
    const ofCancelledEvent = newCalendarBooking({}, { status: 'cancelled' });
    const parsed = await parseIcs(renderCalendar([cancelled, ofCancelledEvent], { name: 'Pustaka bookings', now }));
    expect(parsed.events.map((event) => [event.uid, event.sequence, event.status])).toEqual([
      [`booking-${cancelled.bookingId}@pustaka`, 2, 'CANCELLED'],
      [`booking-${ofCancelledEvent.bookingId}@pustaka`, 0, 'CANCELLED'],
    ]);
    expect(parsed.events[1]!.description).toMatch(/^This event has been cancelled\./);
  });

  it('asks subscribers to refresh hourly and links each event to its page', async () => {
    const booking = newCalendarBooking();
    const ics = renderCalendar([booking], { name: 'Pustaka bookings', now, publicBaseUrl: 'https://pustaka.example/' });
    expect(ics).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(ics).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n');
    const parsed = await parseIcs(ics);
    expect(parsed.publishedTtl).toBe('PT1H');
    expect(parsed.events[0]!.url).toBe(`https://pustaka.example/api/events/${booking.event.id}`);
  });

  it('writes the same bytes whatever the server time zone is', () => {
    const bookings = [newCalendarBooking(), newCalendarBooking({}, { timezone: 'America/New_York' })];
    const original = process.env.TZ;
    try {
      const rendered = ['UTC', 'America/Los_Angeles', 'Asia/Kathmandu'].map((zone) => {
        process.env.TZ = zone;
        return renderCalendar(bookings, { name: 'Pustaka bookings', now });
      });
      expect(new Set(rendered).size).toBe(1);
      expect(rendered[0]).toContain('DTSTART;TZID=America/New_York:20260501T080000\r\n');
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  it('keeps to the wire format: CRLF lines of at most 75 octets, text escaped', () => {
    const booking = newCalendarBooking({}, { title: 'Sastra, kopi; dan malam panjang — diskusi buku bersama penulis muda dari seluruh Nusantara' });
    const ics = renderCalendar([booking], { name: 'Pustaka bookings', now });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR')).toBe(true);
    const lines = ics.split('\r\n');
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(75);
    expect(ics).toContain('SUMMARY:Sastra\\, kopi\\; dan malam');
  });

  it('falls back to UTC times, without TZID, for a zone it has no VTIMEZONE for', async () => {
    const booking = newCalendarBooking({}, { timezone: 'Mars/Olympus_Mons' });
    const parsed = await parseIcs(renderCalendar([booking], { name: 'Pustaka bookings', now }));
    expect(parsed.timezones).toEqual([]);
    expect(parsed.events[0]).toMatchObject({ tzid: null, dtstart: '2026-05-01T12:00:00+00:00', dtend: '2026-05-01T14:00:00+00:00' });
  });
});

describe('the "add to Google Calendar" link', () => {
  it('is an event template with UTC dates, the event zone, the venue and the booking code', () => {
    const booking = newCalendarBooking();
    const link = new URL(googleCalendarLink(booking));
    expect(link.origin + link.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(Object.fromEntries(link.searchParams)).toEqual({
      action: 'TEMPLATE',
      text: 'Author talk: Pramoedya, revisited',
      dates: '20260501T120000Z/20260501T140000Z',
      details: 'Booking PSK7F3KQ\nSeats: A1, A2\n\nBring your copy; Q&A after.',
      location: 'Pustaka Kemang, Jakarta',
      ctz: 'Asia/Jakarta',
    });
  });
});
