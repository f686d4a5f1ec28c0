// Bookings as calendars show them (an .ics, a feed, a Google Calendar link): what the rest of the service calls.
export type { CalendarBooking } from './calendar-booking.ts';
export { renderCalendar } from './render-calendar.ts';
export { googleCalendarLink } from './google-calendar-link.ts';
