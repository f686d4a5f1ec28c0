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
});

export type DiscoverySettings = Static<typeof DiscoverySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function discoverySettings(overrides: Partial<DiscoverySettings> = {}): DiscoverySettings {
  return { ...loadConfig(DiscoverySettingsSchema, {}), ...overrides };
}
