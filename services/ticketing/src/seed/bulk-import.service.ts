import { discardPendingEvents } from '@pustaka/kit/bus';
import { analyzeTables, migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { migrations } from '../../migrations/index.ts';
import { ticketingSettings } from '../../config.ts';
import type { EventStatus, TicketingTables } from '../ticketing.tables.ts';
import { capacityOf, layOutSeats, normalizeSeating } from '../events/seating.ts';
import type { Seating } from '../events/seating.ts';
import { freeSeatRow } from '../events/events.repository.ts';
import {
  bookFreeSeats,
  countEventRows,
  deleteEventRows,
  findOversoldEvents,
  insertBookingRows,
  insertEventRows,
  insertHoldRows,
  insertSeatRows,
} from './bulk-import.repository.ts';

/** An event as it stands now; its seats are laid out from `seating` as staff's would be. */
export interface ImportedEvent {
  id: string;
  title: string;
  description: string;
  venue: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  salesOpenAt: Date | null;
  status: EventStatus;
  seating: Seating;
  currency: string;
  createdAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
}

/** A booking as it stands now, with the hold it was confirmed from. */
export interface ImportedBooking {
  id: string;
  holdId: string;
  code: string;
  eventId: string;
  userId: string;
  status: 'confirmed' | 'cancelled';
  /** Empty for general admission; kept on a cancelled booking, whose seats are free. */
  seatIds: string[];
  quantity: number;
  total: number;
  currency: string;
  holdCreatedAt: Date;
  createdAt: Date;
  cancelledAt: Date | null;
  remindedAt: Date | null;
}

/** Filling ticketing in bulk (`npm run seed`), announcing nothing. */
export interface TicketingBulkImport {
  /** Brings ticketing's schema up to date. */
  migrate(): Promise<void>;
  countEvents(): Promise<number>;
  /** Deletes every event, seat, hold and booking, and the events not yet announced about them. */
  clear(): Promise<void>;
  /** Writes events and lays out their seats; refuses (throws) a layout staff could not save. */
  addEvents(events: ImportedEvent[]): Promise<void>;
  /**
   * Writes bookings with their holds (spent: `booked`) and gives each confirmed booking its seats,
   * in one transaction. Refuses (throws, writing nothing) a seat that is missing, blocked or
   * already booked, and general admission beyond its capacity: no seat is ever sold twice.
   * Their events must have been added before.
   */
  addBookings(bookings: ImportedBooking[]): Promise<void>;
  /** Updates the planner's statistics of what was imported (PGlite has no autovacuum to do it). */
  analyze(): Promise<void>;
}

/**
 * Ticketing's bulk import over its own schema. No `event.*` or `booking.*` goes out: readers of
 * ticketing (search) rebuild from it afterwards.
 *
 * @example
 *   const ticketing = ticketingBulkImport(database);
 *   await ticketing.migrate();
 *   await ticketing.addEvents(events);
 *   await ticketing.addBookings(bookings);
 */
export function ticketingBulkImport(database: Database): TicketingBulkImport {
  const db = serviceDb<TicketingTables>(database, 'ticketing');
  const holdTtl = ticketingSettings().HOLD_TTL_SECONDS * 1000;
  return {
    migrate: async () => {
      await migrateToLatest(database, 'ticketing', migrations);
    },
    countEvents: () => countEventRows(db),
    clear: () =>
      db.transaction().execute(async (trx) => {
        await deleteEventRows(trx);
        await discardPendingEvents(trx);
      }),
    addEvents: (events) =>
      db.transaction().execute(async (trx) => {
        const rows = events.map((event) => {
          const seating = normalizeSeating(event.seating);
          return {
            id: event.id,
            title: event.title,
            description: event.description,
            venue: event.venue,
            starts_at: event.startsAt,
            ends_at: event.endsAt,
            timezone: event.timezone,
            sales_open_at: event.salesOpenAt,
            status: event.status,
            kind: seating.kind,
            capacity: capacityOf(seating),
            currency: event.currency,
            seating,
            created_at: event.createdAt,
            updated_at: event.cancelledAt ?? event.publishedAt ?? event.createdAt,
            published_at: event.publishedAt,
            cancelled_at: event.cancelledAt,
          };
        });
        await insertEventRows(trx, rows);
        const seats = rows.flatMap((row) => (row.seating.kind === 'general' ? [] : layOutSeats(row.seating).map((seat) => freeSeatRow(row.id, seat))));
        await insertSeatRows(trx, seats);
      }),
    analyze: () => analyzeTables(database.root, 'ticketing', ['events', 'seats', 'holds', 'bookings']),
    addBookings: (bookings) =>
      db.transaction().execute(async (trx) => {
        const uneven = bookings.find((booking) => booking.seatIds.length > 0 && booking.seatIds.length !== booking.quantity);
        if (uneven) throw new Error(`Booking ${uneven.id} has ${uneven.seatIds.length} seats for ${uneven.quantity} places`);
        await insertHoldRows(
          trx,
          bookings.map((booking) => ({
            id: booking.holdId,
            event_id: booking.eventId,
            user_id: booking.userId,
            seat_ids: booking.seatIds,
            quantity: booking.quantity,
            total: booking.total,
            currency: booking.currency,
            status: 'booked',
            expires_at: new Date(booking.holdCreatedAt.getTime() + holdTtl),
            idempotency_key: null,
            created_at: booking.holdCreatedAt,
            updated_at: booking.createdAt,
          })),
        );
        await insertBookingRows(
          trx,
          bookings.map((booking) => ({
            id: booking.id,
            code: booking.code,
            event_id: booking.eventId,
            user_id: booking.userId,
            hold_id: booking.holdId,
            status: booking.status,
            seat_ids: booking.seatIds,
            quantity: booking.quantity,
            total: booking.total,
            currency: booking.currency,
            // Cancelling a booking bumps its calendar sequence once.
            sequence: booking.status === 'cancelled' ? 1 : 0,
            idempotency_key: null,
            reminded_at: booking.remindedAt,
            created_at: booking.createdAt,
            updated_at: booking.cancelledAt ?? booking.createdAt,
            cancelled_at: booking.cancelledAt,
          })),
        );
        const seats = bookings
          .filter((booking) => booking.status === 'confirmed')
          .flatMap((booking) => booking.seatIds.map((seatId) => ({ event_id: booking.eventId, seat_id: seatId, booking_id: booking.id })));
        const given = await bookFreeSeats(trx, seats);
        if (given !== seats.length) throw new Error(`${seats.length - given} booked seats are missing, blocked or booked twice`);
        const oversold = await findOversoldEvents(trx, [...new Set(bookings.map((booking) => booking.eventId))]);
        if (oversold.length > 0) throw new Error(`Bookings exceed the capacity of events ${oversold.join(', ')}`);
      }),
  };
}
