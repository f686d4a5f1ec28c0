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
    description: 'Rows a rebuild asks an owner for at a time, and writes in one transaction',
  }),
  DISCOVERY_OWNER_DEADLINE_MS: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    description: 'Deadline of each page a rebuild asks an owner for (catalog, ticketing, orders)',
  }),
});

export type DiscoverySettings = Static<typeof DiscoverySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function discoverySettings(overrides: Partial<DiscoverySettings> = {}): DiscoverySettings {
  return { ...loadConfig(DiscoverySettingsSchema, {}), ...overrides };
}
