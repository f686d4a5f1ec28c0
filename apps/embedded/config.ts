import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, StorageEnv } from '@pustaka/kit/config';
import { IdentitySettingsEnv } from '@pustaka/identity/config';
import { CatalogSettingsSchema } from '@pustaka/catalog/config';
import { OrdersSettingsSchema } from '@pustaka/orders/config';
import { TicketingSettingsSchema } from '@pustaka/ticketing/config';

/** Everything the one-process platform reads: its own keys plus every hosted service's settings. */
export const EmbeddedEnv = Type.Object({
  ...HttpEnv,
  ...StorageEnv,
  ...AuthEnv,
  ...IdentitySettingsEnv,
  ...CatalogSettingsSchema.properties,
  ...OrdersSettingsSchema.properties,
  ...TicketingSettingsSchema.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
  // A newcomer's first start should end with a usable shop and a way in.
  CREATE_DEFAULT_ADMIN: Type.Boolean({ default: true }),
  SEED_DEMO: Type.Boolean({ default: true }),
});

export type EmbeddedConfig = Static<typeof EmbeddedEnv>;

export function loadEmbeddedConfig(env: NodeJS.ProcessEnv = process.env): Readonly<EmbeddedConfig> {
  return loadConfig(EmbeddedEnv, env);
}
