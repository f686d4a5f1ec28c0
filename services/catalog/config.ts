import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, StorageEnv } from '@pustaka/kit/config';

/** What the catalog itself needs, whichever process it runs in (standalone or embedded). */
export const CatalogSettingsSchema = Type.Object({
  BOOK_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
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
  ...CatalogSettingsSchema.properties,
});

export type CatalogConfig = Static<typeof CatalogEnv>;

/** Reads and validates the standalone configuration once; the result is frozen. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> {
  return loadConfig(CatalogEnv, env);
}
