import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { isCalendarCancelled } from './calendar-booking.ts';
import type { CalendarBooking } from './calendar-booking.ts';
import { vtimezoneOf } from './vtimezone.ts';
import { zonedInstant } from './zoned-instant.ts';

/** How often subscribed clients are asked to poll a feed (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

export interface RenderOptions {
  /** X-WR-CALNAME and NAME: what a calendar app calls the subscription or import. */
  name: string;
  /** DTSTAMP, CREATED and LAST-MODIFIED of a booking whose own timestamps are missing. */
  now: Date;
  /** The public origin, e.g. `https://pustaka.example`: each event then links to `/api/events/:id` there. */
  publicBaseUrl?: string;
}

/**
 * An RFC 5545 calendar with one VEVENT per booking, in the time zone of its event (DTSTART/DTEND
 * with TZID and a VTIMEZONE per zone). A booking keeps its UID for life, so a client that imported
 * or subscribed replaces its copy when SEQUENCE grows, and shows it STATUS:CANCELLED once the
 * booking or the whole event is cancelled, rather than silently dropping it.
 *
 * @example
 *   renderCalendar([booking], { name: 'Pustaka bookings', now: new Date() }); // 'BEGIN:VCALENDAR\r\n...'
 */
export function renderCalendar(bookings: CalendarBooking[], options: RenderOptions): string {
  const calendar = new ICalCalendar({
    name: options.name,
    prodId: { company: 'Pustaka', product: 'Ticketing', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    scale: 'GREGORIAN',
    ttl: FEED_REFRESH_SECONDS,
    // No calendar-wide zone (its name would turn DTSTAMP into local time): only the generator, which
    // writes one VTIMEZONE for each zone the events use.
    timezone: { name: null, generator: (zone) => vtimezoneOf(zone)?.component ?? null },
  });
  for (const booking of bookings) {
    const { event } = booking;
    // Unknown zone: no TZID, times in UTC (correct instants, just not labelled with the zone).
    const tzid = vtimezoneOf(event.timezone)?.tzid ?? null;
    calendar.createEvent({
      id: calendarUidOf(booking.bookingId),
      sequence: booking.sequence,
      // Stable between changes, so an unchanged feed is byte-identical (ETag) and clients see no edit.
      stamp: instantOf(booking.updatedAt) ?? options.now,
      created: instantOf(booking.createdAt) ?? options.now,
      lastModified: instantOf(booking.updatedAt) ?? options.now,
      start: zonedInstant(new Date(event.startsAt)),
      end: zonedInstant(new Date(event.endsAt)),
      timezone: tzid,
      summary: event.title,
      location: event.venue,
      description: describeBooking(booking),
      status: isCalendarCancelled(booking) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // The event as the API serves it, until the web app has a page for it.
      url: options.publicBaseUrl ? `${options.publicBaseUrl.replace(/\/+$/, '')}/api/events/${event.id}` : null,
    });
  }
  return calendar.toString();
}

/** A Date of a timestamp that may have come through JSON aggregation as text; undefined if none. */
function instantOf(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** The UID of a booking's VEVENT: the same in its .ics, in the feed and after every change. */
export function calendarUidOf(bookingId: string): string {
  return `booking-${bookingId}@pustaka`;
}

/** What a reader needs at the door: the booking code and seats, then the event's own description. */
export function describeBooking(booking: CalendarBooking): string {
  const lines = [`Booking ${booking.code}`, `Seats: ${booking.seats.join(', ') || '-'}`];
  if (isCalendarCancelled(booking)) {
    lines.unshift(booking.event.status === 'cancelled' ? 'This event has been cancelled.' : 'This booking has been cancelled.');
  }
  if (booking.event.description.trim()) lines.push('', booking.event.description.trim());
  return lines.join('\n');
}
