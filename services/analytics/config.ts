import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/**
 * What analytics reads from the environment, whichever process it runs in (alone or embedded).
 * Prefix each key with ANALYTICS_ and give it a default (or make it optional), e.g.
 * `ANALYTICS_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 })`.
 */
export const AnalyticsSettingsSchema = Type.Object({});

export type AnalyticsSettings = Static<typeof AnalyticsSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function analyticsSettings(overrides: Partial<AnalyticsSettings> = {}): AnalyticsSettings {
  return { ...loadConfig(AnalyticsSettingsSchema, {}), ...overrides };
}
