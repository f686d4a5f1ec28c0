import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What discovery reads from the environment, whichever process it runs in (alone or embedded). */
export const DiscoverySettingsSchema = Type.Object({
  DISCOVERY_SUGGEST_LIMIT: Type.Integer({
    minimum: 1,
    maximum: 20,
    default: 8,
    description: 'Most suggestions type-ahead answers per keystroke',
  }),
  DISCOVERY_REBUILD_PAGE_SIZE: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 500,
    description: 'Rows a rebuild asks an owner for at a time, and writes in one transaction (orders: ten pages in one)',
  }),
  DISCOVERY_OWNER_DEADLINE_MS: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    description: 'Deadline of each page a rebuild asks an owner for (catalog, ticketing, orders)',
  }),
  // A sale's weight is stored once, as 2^(age of the sale from a fixed landmark / half-life), so
  // the ranking never needs rescoring; the floor keeps those weights within a float8 for decades.
  DISCOVERY_POPULAR_HALF_LIFE_DAYS: Type.Integer({
    minimum: 7,
    maximum: 3650,
    default: 30,
    description: 'Days after which a sale counts half as much towards a book being popular; after a change, rebuild the recommendations',
  }),
  DISCOVERY_SALES_WINDOW_CRON: Type.String({
    default: '0 */5 * * * *',
    description: 'When the popular-books windows (days=7, 30, 90) let go of the days that fell out of them (croner pattern, seconds first)',
  }),
  DISCOVERY_FOR_ME_SEEDS: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 10,
    description: "Most of a member's books, and most of their events, a for-me answer starts from",
  }),
});

export type DiscoverySettings = Static<typeof DiscoverySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function discoverySettings(overrides: Partial<DiscoverySettings> = {}): DiscoverySettings {
  return { ...loadConfig(DiscoverySettingsSchema, {}), ...overrides };
}
