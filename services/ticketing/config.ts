import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What ticketing reads from the environment, whichever process it runs in (alone or embedded). */
export const TicketingSettingsSchema = Type.Object({
  /** How long a hold keeps its seats; afterwards they are free for anyone, and the sweep tidies up. */
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 600 }),
  /** Seats one member may hold or have booked per event, together. */
  MAX_SEATS_PER_MEMBER: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** When to release holds past their time (croner pattern, seconds first). */
  HOLD_SWEEP_CRON: Type.String({ default: '*/15 * * * * *' }),
  /** When to look for bookings due a reminder. */
  REMINDER_CRON: Type.String({ default: '0 */5 * * * *' }),
  /** Events whose built seat maps each replica keeps in memory (a 5,000-seat map is about 0.5 MB). */
  SEAT_MAP_CACHE_EVENTS: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
  /**
   * The longest a replica serves a built seat map while its version stands still: the staleness
   * at worst after a process died between committing a seat change and moving the map's version.
   */
  SEAT_MAP_MAX_AGE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  /** How long before an event starts its bookers are reminded. */
  REMINDER_LEAD_HOURS: Type.Integer({ minimum: 1, maximum: 168, default: 24 }),
  /** Fill an empty ticketing with the demo shop's events at start (on by default on a developer's machine). */
  SEED_DEMO: Type.Boolean({ default: false }),
});

export type TicketingSettings = Static<typeof TicketingSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function ticketingSettings(overrides: Partial<TicketingSettings> = {}): TicketingSettings {
  return { ...loadConfig(TicketingSettingsSchema, {}), ...overrides };
}
