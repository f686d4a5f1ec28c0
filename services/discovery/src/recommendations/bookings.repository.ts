import { sql } from '@pustaka/kit/db';
import type { BookingStateTable, DiscoveryDb } from '../discovery.tables.ts';
import type { BookingFacts, KnownBooking } from './booking-plan.ts';
import { addToCountedRows } from './counted-rows.repository.ts';
import type { CountedTable } from './counted-rows.repository.ts';

export type BookingStateRow = BookingStateTable;

export interface MemberEventDelta {
  userId: string;
  eventId: string;
  bookings: number;
}

export interface EventPairDelta {
  eventId: string;
  pairedEventId: string;
  members: number;
}

/**
 * Locks the rows of the given bookings, in booking id order, first making an empty row (neither
 * confirmed nor cancelled) for each not seen yet (see `claimPurchaseOrders`). Returns every row.
 */
export async function claimBookingStates(db: DiscoveryDb, bookings: readonly BookingFacts[]): Promise<BookingStateRow[]> {
  const sorted = [...new Map(bookings.map((booking) => [booking.bookingId, booking])).values()].sort((a, b) => (a.bookingId < b.bookingId ? -1 : 1));
  const ids = sorted.map((booking) => booking.bookingId);
  await db
    .insertInto('booking_states')
    .columns(['booking_id', 'user_id', 'event_id', 'confirmed', 'cancelled'])
    .expression(
      sql`select claimed.*, false, false from unnest(${ids}::uuid[], ${sorted.map((booking) => booking.userId)}::uuid[], ${sorted.map((booking) => booking.eventId)}::uuid[]) as claimed (booking_id, user_id, event_id)`,
    )
    .onConflict((oc) => oc.column('booking_id').doNothing())
    .execute();
  return db
    .selectFrom('booking_states')
    .selectAll()
    .where('booking_id', '=', sql<string>`any(${ids}::uuid[])`)
    .orderBy('booking_id')
    .forUpdate()
    .execute();
}

/** Writes the state of bookings claimed in this transaction. */
export async function saveBookingStates(db: DiscoveryDb, bookings: readonly KnownBooking[]): Promise<void> {
  if (bookings.length === 0) return;
  await db
    .updateTable('booking_states')
    .from(
      sql<{
        booking_id: string;
        confirmed: boolean;
        cancelled: boolean;
      }>`(select * from unnest(${bookings.map((b) => b.bookingId)}::uuid[], ${bookings.map((b) => b.confirmed)}::boolean[], ${bookings.map((b) => b.cancelled)}::boolean[]) as saved (booking_id, confirmed, cancelled))`.as(
        'saved',
      ),
    )
    .set((eb) => ({ confirmed: eb.ref('saved.confirmed'), cancelled: eb.ref('saved.cancelled') }))
    .whereRef('booking_states.booking_id', '=', 'saved.booking_id')
    .execute();
}

/**
 * Takes, until the transaction ends, a lock per member whose events are about to change: deriving
 * event pairs reads a member's events, so two transactions changing one member's must take turns.
 * The locks are advisory (a member has no row of their own to lock), taken in key order.
 */
export async function lockMembersEvents(db: DiscoveryDb, userIds: readonly string[]): Promise<void> {
  await sql`
    select pg_advisory_xact_lock(hashtext('discovery.member-events'), member.key)
    from (select distinct hashtext(id::text) as key from unnest(${[...userIds]}::uuid[]) as id) as member
    order by member.key`.execute(db);
}

/** Each member's bookings per event, for the members given. */
export async function findMembersEvents(db: DiscoveryDb, userIds: readonly string[]): Promise<Array<{ user_id: string; event_id: string; bookings: number }>> {
  return db
    .selectFrom('member_events')
    .select(['user_id', 'event_id', 'bookings'])
    .where('user_id', '=', sql<string>`any(${[...userIds]}::uuid[])`)
    .execute();
}

const MEMBER_EVENTS: CountedTable<MemberEventDelta> = {
  name: 'member_events',
  keys: [
    ['userId', 'user_id', 'uuid'],
    ['eventId', 'event_id', 'uuid'],
  ],
  counters: [['bookings', 'bookings', 'integer']],
  count: 'bookings',
};

/** Adds to members' bookings per event; an event they hold no booking for any more loses its row. */
export function addToMemberEvents(db: DiscoveryDb, deltas: readonly MemberEventDelta[]): Promise<void> {
  return addToCountedRows(db, MEMBER_EVENTS, deltas);
}

const EVENT_PAIRS: CountedTable<EventPairDelta> = {
  name: 'event_pairs',
  keys: [
    ['eventId', 'event_id', 'uuid'],
    ['pairedEventId', 'paired_event_id', 'uuid'],
  ],
  counters: [['members', 'members', 'integer']],
  count: 'members',
};

/** Adds to the members behind each pair of events; a pair no member holds any more loses its row. */
export function addToEventPairs(db: DiscoveryDb, deltas: readonly EventPairDelta[]): Promise<void> {
  return addToCountedRows(db, EVENT_PAIRS, deltas);
}
