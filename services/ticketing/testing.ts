/*
 * Factories for suites that need events: ticketing's own tests and those of the apps around it
 * (`@pustaka/ticketing/testing`).
 */
import { randomUUID } from 'node:crypto';

const HOUR = 3_600_000;

/**
 * A draft event's body (`POST /api/events`): a week after `now`, two hours long, 100 seats in two
 * sections (rows A–E at 15,000, F–J at 10,000); `overrides` may give another `seating`.
 *
 * @example
 *   await api.post('/api/events', { token: staff, body: newEvent(new Date(), { seating: { kind: 'general', capacity: 50, price: 5_000 } }) });
 */
export function newEvent(now: Date, overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(now.getTime() + 7 * 24 * HOUR);
  return {
    title: `Author talk ${randomUUID().slice(0, 8)}`,
    description: 'An evening with the author, followed by a signing.',
    venue: 'Pustaka Hall, Jl. Braga 12, Bandung',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    timezone: 'Asia/Jakarta',
    currency: 'IDR',
    seating: {
      kind: 'seated',
      sections: [
        { name: 'Front', rows: ['A', 'B', 'C', 'D', 'E'], seatsPerRow: 10, price: 15_000 },
        { name: 'Back', rows: ['F', 'G', 'H', 'I', 'J'], seatsPerRow: 10, price: 10_000 },
      ],
    },
    ...overrides,
  };
}
