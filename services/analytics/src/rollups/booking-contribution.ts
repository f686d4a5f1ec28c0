import type { BookingState } from '../analytics.tables.ts';

/**
 * What a booking adds to its event's seats and ticket revenue, per `day|eventId`, given every
 * state seen of it in version order: each state moves them by its difference from the state
 * before (a confirmation adds its seats, a change adds or takes back the difference, a
 * cancellation takes back what was left), on the day of that state. Ticket revenue counts only
 * states in the shop's currency.
 *
 * @example
 *   bookingContribution([confirmed(2 seats, day 1), cancelled(day 3)]); // day 1: +2, day 3: -2
 */
export function bookingContribution(states: readonly BookingState[]): Map<string, { seats: number; revenue: number }> {
  const contribution = new Map<string, { seats: number; revenue: number }>();
  let seats = 0;
  let revenue = 0;
  for (const state of states) {
    const nowSeats = state.cancelled ? 0 : state.seats;
    const nowRevenue = state.cancelled || !state.counted ? 0 : state.total;
    const key = `${state.day}|${state.eventId}`;
    const entry = contribution.get(key) ?? { seats: 0, revenue: 0 };
    entry.seats += nowSeats - seats;
    entry.revenue += nowRevenue - revenue;
    contribution.set(key, entry);
    seats = nowSeats;
    revenue = nowRevenue;
  }
  return contribution;
}
