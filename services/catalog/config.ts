import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What the catalog reads from the environment, whichever process it runs in (alone or embedded). */
export const CatalogSettingsSchema = Type.Object({
  BOOK_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
  /** How long stock stays held for an order that has not landed yet (when the caller names no time). */
  RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 900 }),
  /** When to look for held reservations past their time (croner pattern, seconds first). */
  RESERVATION_SWEEP_CRON: Type.String({ default: '*/15 * * * * *' }),
  /**
   * How long after its expiry a held reservation is settled. Orders never writes an order past its
   * reservation's expiry; this covers the instant between that check and the commit, and a clock
   * difference between the two services.
   */
  RESERVATION_RELEASE_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 60 }),
  /** Longest wait for orders when the expiry job asks which reservations became orders. */
  ORDERS_DEADLINE_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 5_000 }),
  /** Fill an empty catalog with the demo shop at start (on by default on a developer's machine). */
  SEED_DEMO: Type.Boolean({ default: false }),
});

export type CatalogSettings = Static<typeof CatalogSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function catalogSettings(overrides: Partial<CatalogSettings> = {}): CatalogSettings {
  return { ...loadConfig(CatalogSettingsSchema, {}), ...overrides };
}
