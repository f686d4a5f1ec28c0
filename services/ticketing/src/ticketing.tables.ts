import type { ColumnType, Kysely, Transaction } from '@pustaka/kit/db';
import type { Seating } from './events/seating.ts';

export type EventStatus = 'draft' | 'published' | 'cancelled';
export type HoldStatus = 'active' | 'booked' | 'released' | 'expired' | 'cancelled';
export type BookingStatus = 'confirmed' | 'cancelled';

/** Rows of `ticketing.events`; prices live in `seating` (and on each seat) in minor units of `currency`. */
export interface EventTable {
  id: string;
  title: string;
  description: string;
  venue: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  sales_open_at: Date | null;
  status: EventStatus;
  kind: Seating['kind'];
  capacity: number;
  currency: string;
  seating: Seating;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  cancelled_at: Date | null;
}

/**
 * One seat of a seated event. Free when not blocked, not booked, and not held or held by a hold
 * past `hold_expires_at`: an expired hold never blocks anyone, even before the sweep clears it.
 */
export interface SeatTable {
  event_id: string;
  seat_id: string;
  position: number;
  section: string;
  row_label: string;
  number: number;
  price: number;
  blocked: boolean;
  hold_id: string | null;
  hold_expires_at: Date | null;
  booking_id: string | null;
}

/** Seats (or general-admission places) a member has for a few minutes, until booked or let go. */
export interface HoldTable {
  id: string;
  event_id: string;
  user_id: string;
  seat_ids: string[];
  quantity: number;
  total: number;
  currency: string;
  status: HoldStatus;
  expires_at: Date;
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface BookingTable {
  id: string;
  /** Short and unambiguous, for the door: no 0/O or 1/I. */
  code: string;
  event_id: string;
  user_id: string;
  hold_id: string;
  status: BookingStatus;
  seat_ids: string[];
  quantity: number;
  total: number;
  currency: string;
  sequence: ColumnType<number, number | undefined, number>;
  idempotency_key: string | null;
  reminded_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
}

/** A member's secret calendar feed: only the token's hash is kept. */
export interface CalendarTokenTable {
  user_id: string;
  token_hash: string;
  created_at: Date;
}

export interface TicketingTables {
  events: EventTable;
  seats: SeatTable;
  holds: HoldTable;
  bookings: BookingTable;
  calendar_tokens: CalendarTokenTable;
}

/** What a repository function runs on: the service handle or a transaction of it. */
export type TicketingDb = Kysely<TicketingTables> | Transaction<TicketingTables>;
