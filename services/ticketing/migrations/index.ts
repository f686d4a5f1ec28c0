import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { eventsSeatsBookings } from './0001-events-seats-bookings.ts';

/** Every ticketing migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_events_seats_bookings': eventsSeatsBookings,
  '0002_outbox_inbox': busMigration,
};
