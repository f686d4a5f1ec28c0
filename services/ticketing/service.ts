import {
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  BOOKING_REMINDER,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  SEATS_CHANGED,
  USER_UPDATED,
} from '@pustaka/contracts';
import { defineService } from '@pustaka/kit/manifest';
import { TicketingSettingsSchema } from './config.ts';

/** Ticketing as the platform sees it; see ServiceManifest. */
export default defineService({
  name: 'ticketing',
  summary: 'Events with seat maps, seat holds, bookings that never sell a seat twice, and calendars.',
  http: { port: 3004, routes: ['/api/events', '/api/holds', '/api/bookings', '/api/calendar'], secretPaths: ['/api/calendar/'] },
  // Discovery lists events and bookings to rebuild its read models.
  rpc: { port: 4004, serves: ['pustaka.ticketing.v1.Ticketing'] },
  schema: 'ticketing',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: TicketingSettingsSchema,
  localDefaults: { SEED_DEMO: true },
  consumes: [USER_UPDATED],
  publishes: [EVENT_PUBLISHED, EVENT_UPDATED, EVENT_CANCELLED, BOOKING_CONFIRMED, BOOKING_CHANGED, BOOKING_CANCELLED, BOOKING_REMINDER, SEATS_CHANGED],
  start: async (settings) => (await import('./src/ticketing.service-module.ts')).ticketingService(settings),
});
