import { counter, fromZero } from '@pustaka/kit/metrics';

/**
 * Seats asked for that someone else had (SEAT_TAKEN) and general admission asked beyond what was
 * left (NOT_ENOUGH_PLACES): the contention of a popular event, and, while an event is not near
 * full, a sign of holds that are not released.
 */
export const seatConflicts = () =>
  fromZero(
    counter('pustaka_ticketing_seat_conflicts_total', 'Holds and seat changes refused because the seats or places were taken, by code', ['code']),
    'code',
    ['SEAT_TAKEN', 'NOT_ENOUGH_PLACES'],
  );

/** Holds past their time that the sweep marked expired and whose seats it freed. */
export const holdsExpired = () => counter('pustaka_ticketing_holds_expired_total', 'Seat holds expired by the sweep (their seats freed)');

// At start, not at the first occurrence: 0 is an answer, no series is a question.
seatConflicts();
holdsExpired();
