import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { AnalyticsSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createAnalyticsContext } from './analytics-context.ts';
import { isKnownTimeZone } from './calendar/shop-calendar.ts';
import { registerDashboardRoutes } from './dashboard/dashboard.routes.ts';
import { rollupsConsumer } from './rollups/rollups.consumer.ts';

export type { AnalyticsSettings } from '../config.ts';
export { applyChanges } from './rollups/apply-changes.service.ts';
export type { AnalyticsChange } from './rollups/analytics-change.ts';

/**
 * Analytics: brings its schema up to date, keeps its rollups from the events of orders, bookings,
 * stock, books, ticketed events and users, and mounts the staff dashboard under `/api/dashboard`.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [analyticsService(analyticsSettings())] });
 */
export function analyticsService(settings: AnalyticsSettings): ServiceFactory {
  return async (deps) => {
    if (!isKnownTimeZone(settings.ANALYTICS_TIME_ZONE)) throw new Error(`ANALYTICS_TIME_ZONE ${settings.ANALYTICS_TIME_ZONE} is not an IANA time zone`);
    const applied = await migrateToLatest(deps.database, 'analytics', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'analytics migrations applied');
    const ctx = createAnalyticsContext(deps, settings);
    await deps.events.subscribe(rollupsConsumer(ctx));
    return {
      name: 'analytics',
      routes: async (app) => {
        registerDashboardRoutes(app, ctx);
      },
    };
  };
}
