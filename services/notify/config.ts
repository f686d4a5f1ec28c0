import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/**
 * What notify reads from the environment, whichever process it runs in (alone or embedded).
 * Prefix each key with NOTIFY_ and give it a default (or make it optional), e.g.
 * `NOTIFY_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 })`.
 */
export const NotifySettingsSchema = Type.Object({});

export type NotifySettings = Static<typeof NotifySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function notifySettings(overrides: Partial<NotifySettings> = {}): NotifySettings {
  return { ...loadConfig(NotifySettingsSchema, {}), ...overrides };
}
