import type { CalendarBooking } from './calendar-booking.ts';
import { describeBooking } from './render-calendar.ts';

const GOOGLE_TEMPLATE_URL = 'https://calendar.google.com/calendar/render';

/** `20260501T120000Z`: the UTC form Google's `dates` parameter takes. */
function googleUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Google Calendar's "add event" template for a booking. The times go in UTC (unambiguous), `ctz`
 * shows them in the event's own zone. A template copies the event once: the member's feed
 * (`/api/calendar/:token.ics`) is what keeps following changes.
 *
 * @example
 *   googleCalendarLink(booking); // 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=...&dates=20260501T120000Z%2F20260501T140000Z&...'
 */
export function googleCalendarLink(booking: CalendarBooking): string {
  const { event } = booking;
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${googleUtc(event.startsAt)}/${googleUtc(event.endsAt)}`,
    details: describeBooking(booking),
    location: event.venue,
    ctz: event.timezone,
  });
  return `${GOOGLE_TEMPLATE_URL}?${params}`;
}
