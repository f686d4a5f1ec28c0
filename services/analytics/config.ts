import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What analytics reads from the environment, whichever process it runs in (alone or embedded). */
export const AnalyticsSettingsSchema = Type.Object({
  ANALYTICS_TIME_ZONE: Type.String({
    default: 'Asia/Jakarta',
    minLength: 1,
    description: "The shop's IANA time zone: a day of the dashboard is a day there",
  }),
  ANALYTICS_CURRENCY: Type.String({
    pattern: '^[A-Z]{3}$',
    default: 'IDR',
    description: "The shop's currency: the money figures count orders and bookings in it (others are counted apart)",
  }),
  ANALYTICS_CACHE_TTL_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 300,
    description: 'How long a dashboard answer is kept; an event that changes one of its figures drops it at once',
  }),
  ANALYTICS_TOP_LIMIT: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Entries of each top list (books, categories, customers, events)' }),
  ANALYTICS_REBUILD_PAGE_SIZE: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 500,
    description: 'Rows a rebuild of the rollups asks an owner for at a time, and applies in one transaction',
  }),
  ANALYTICS_OWNER_DEADLINE_MS: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    description: 'Deadline of each page a rebuild of the rollups asks an owner for (catalog, ticketing, orders)',
  }),
  ANALYTICS_MAX_RANGE_DAYS: Type.Integer({ minimum: 1, maximum: 3660, default: 1096, description: 'Longest range a dashboard request may ask for, in days' }),
});

export type AnalyticsSettings = Static<typeof AnalyticsSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function analyticsSettings(overrides: Partial<AnalyticsSettings> = {}): AnalyticsSettings {
  return { ...loadConfig(AnalyticsSettingsSchema, {}), ...overrides };
}
