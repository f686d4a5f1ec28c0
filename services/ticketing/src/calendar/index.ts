// The calendars of ticketing: what the rest of the service calls.
export type { CalendarBooking } from './calendar-booking.ts';
export { renderCalendar } from './render-calendar.ts';
export { googleCalendarLink } from './google-calendar-link.ts';
export { registerCalendarRoutes } from './calendar.routes.ts';
