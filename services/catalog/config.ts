import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, StorageEnv } from '@pustaka/kit/config';

/** What the catalog itself needs, whichever process it runs in (standalone or embedded). */
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
});

export type CatalogSettings = Static<typeof CatalogSettingsSchema>;

/** The environment of the standalone catalog process. */
export const CatalogEnv = Type.Object({
  ...HttpEnv,
  ...StorageEnv,
  ...AuthEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3002 }),
  // Alone, the catalog has no identity beside it: it must fetch the signing keys from one.
  JWKS_URL: Type.String({ pattern: '^https?://' }),
  AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  /** Orders' gRPC address, e.g. `http://127.0.0.1:4003`: the expiry job asks it which reservations became orders. */
  ORDERS_RPC_URL: Type.String({ pattern: '^https?://' }),
  /** Where the catalog serves gRPC (Inventory) to the other services. */
  RPC_PORT: Type.Integer({ minimum: 1, maximum: 65_535, default: 4002 }),
  /** Seed the demo shop into an empty catalog at start (`npm run cluster` turns it on). */
  SEED_DEMO: Type.Boolean({ default: false }),
  ...CatalogSettingsSchema.properties,
});

export type CatalogConfig = Static<typeof CatalogEnv>;

/** Reads and validates the standalone configuration once; the result is frozen. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> {
  return loadConfig(CatalogEnv, env);
}

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function catalogSettings(overrides: Partial<CatalogSettings> = {}): CatalogSettings {
  return { ...loadConfig(CatalogSettingsSchema, {}), ...overrides };
}
