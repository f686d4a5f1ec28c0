import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/**
 * What blank slate reads from the environment, whichever process it runs in (alone or embedded).
 * Prefix each key with BLANK_SLATE_ and give it a default (or make it optional), e.g.
 * `BLANK_SLATE_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 })`.
 */
export const BlankSlateSettingsSchema = Type.Object({});

export type BlankSlateSettings = Static<typeof BlankSlateSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function blankSlateSettings(overrides: Partial<BlankSlateSettings> = {}): BlankSlateSettings {
  return { ...loadConfig(BlankSlateSettingsSchema, {}), ...overrides };
}
