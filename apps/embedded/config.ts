import { Type } from 'typebox';
import type { Static, TObject, TSchema } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, RateLimitEnv, StorageEnv, withDefault } from '@pustaka/kit/config';
import type { ServiceManifest } from '@pustaka/kit/manifest';
import { services } from '@pustaka/services';
import { WebEnv } from '@pustaka/web';

const EmbeddedKeys = Type.Object({
  ...HttpEnv,
  ...StorageEnv,
  ...AuthEnv,
  ...RateLimitEnv,
  ...WebEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
});

/** The one-process platform's own keys, and every hosted service's settings (read by `settingsOf`). */
export type EmbeddedConfig = Static<typeof EmbeddedKeys> & Readonly<Record<string, unknown>>;

/**
 * Everything the one-process platform reads: the kit's keys and every service's settings, with
 * the defaults of a run on a developer's machine (`localDefaults`: a demo shop, a first admin).
 */
export function embeddedEnv(list: readonly ServiceManifest[] = services): TObject {
  const properties: Record<string, TSchema> = { ...EmbeddedKeys.properties };
  for (const service of list) {
    for (const [key, schema] of Object.entries(service.settings.properties)) {
      const local = (service.localDefaults as Record<string, unknown> | undefined)?.[key];
      properties[key] = local === undefined ? schema : withDefault(schema, local);
    }
  }
  return Type.Object(properties);
}

/**
 * Reads and validates the embedded configuration once; the result is frozen.
 *
 * @example
 *   const config = loadEmbeddedConfig({ SEED_DEMO: 'false' }); // config.PORT === 8080
 */
export function loadEmbeddedConfig(env: NodeJS.ProcessEnv = process.env): Readonly<EmbeddedConfig> {
  return loadConfig(embeddedEnv(), env) as Readonly<EmbeddedConfig>;
}
