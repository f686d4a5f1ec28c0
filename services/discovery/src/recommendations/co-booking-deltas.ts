import type { HeldBooking } from './booking-plan.ts';
import type { EventPairDelta, MemberEventDelta } from './bookings.repository.ts';

/** What held bookings change: members' bookings per event, and the members behind each pair of events. */
export interface CoBookingDeltas {
  memberEvents: MemberEventDelta[];
  eventPairs: EventPairDelta[];
}

/**
 * Adds up, from each member's bookings per event as they stand (`current`: member → event →
 * bookings), what `held` changes, in order. An event the member had no booking for joins their
 * events and adds them to each ordered pair of it and their other events; an event whose last
 * booking of theirs stops counting leaves, and takes them out of those pairs. A member's second
 * booking of one event changes no pair. Rows come sorted by key.
 *
 * @example
 *   coBookingDeltas(new Map([[ana, new Map([[talk, 1]])]]), [{ sign: 1, userId: ana, eventId: workshop }]).eventPairs;
 *   // [{ eventId: talk, pairedEventId: workshop, members: 1 }, { eventId: workshop, pairedEventId: talk, members: 1 }]
 */
export function coBookingDeltas(current: ReadonlyMap<string, ReadonlyMap<string, number>>, held: readonly HeldBooking[]): CoBookingDeltas {
  const bookings = new Map([...current].map(([userId, events]) => [userId, new Map(events)]));
  const memberEvents = new Map<string, MemberEventDelta>();
  const eventPairs = new Map<string, EventPairDelta>();
  const addPair = (eventId: string, pairedEventId: string, members: number) => {
    const key = `${eventId}|${pairedEventId}`;
    const sum = eventPairs.get(key) ?? { eventId, pairedEventId, members: 0 };
    sum.members += members;
    eventPairs.set(key, sum);
  };
  for (const { sign, userId, eventId } of held) {
    const events = bookings.get(userId) ?? new Map<string, number>();
    bookings.set(userId, events);
    const before = events.get(eventId) ?? 0;
    const after = before + sign;
    if (after > 0) events.set(eventId, after);
    else events.delete(eventId);
    const key = `${userId}|${eventId}`;
    const sum = memberEvents.get(key) ?? { userId, eventId, bookings: 0 };
    sum.bookings += sign;
    memberEvents.set(key, sum);
    if (before > 0 === after > 0) continue;
    for (const other of events.keys()) {
      if (other === eventId) continue;
      addPair(eventId, other, after > 0 ? 1 : -1);
      addPair(other, eventId, after > 0 ? 1 : -1);
    }
  }
  return { memberEvents: inKeyOrder(memberEvents, (row) => row.bookings), eventPairs: inKeyOrder(eventPairs, (row) => row.members) };
}

function inKeyOrder<Row>(sums: Map<string, Row>, count: (row: Row) => number): Row[] {
  return [...sums]
    .filter(([, row]) => count(row) !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
