import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { createRebuilds, endInterruptedRebuild } from '@pustaka/kit/rebuild';
import type { AnalyticsSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createAnalyticsContext } from './analytics-context.ts';
import { isKnownTimeZone } from './calendar/shop-calendar.ts';
import { registerDashboardRoutes } from './dashboard/dashboard.routes.ts';
import { ownerClients } from './rebuild/owner-clients.ts';
import { registerRebuildRoutes } from './rebuild/rebuild.routes.ts';
import { rebuildSteps } from './rebuild/rebuild-steps.ts';
import { analyticsRebuildTarget } from './rebuild/rebuild-target.ts';
import { rollupsConsumer } from './rollups/rollups.consumer.ts';

export type { AnalyticsSettings } from '../config.ts';
export { applyChanges } from './rollups/apply-changes.service.ts';
export type { AnalyticsChange } from './rollups/analytics-change.ts';
export { rebuildRollups } from './rebuild/rebuild-rollups.ts';
export type { RebuildRollupsOptions } from './rebuild/rebuild-rollups.ts';
export type { RebuildRun } from './rebuild/rebuild.schema.ts';

/**
 * Analytics: brings its schema up to date, keeps its rollups from the events of orders, bookings,
 * stock, books, ticketed events and users, mounts the staff dashboard under `/api/dashboard`, and
 * rebuilds the rollups from the owners' listings over gRPC when an admin asks
 * (`/api/dashboard/rebuild`).
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
    // One process is every replica on PGlite: a rebuild still running was stopped with it.
    if (deps.database.kind === 'pglite') await endInterruptedRebuild(analyticsRebuildTarget(ctx));
    await deps.events.subscribe(rollupsConsumer(ctx));
    const owners = ownerClients(deps.rpc, { deadlineMs: settings.ANALYTICS_OWNER_DEADLINE_MS, logger: ctx.logger });
    const rebuilds = createRebuilds(analyticsRebuildTarget(ctx), () => rebuildSteps(ctx, owners));
    return {
      name: 'analytics',
      routes: async (app) => {
        registerDashboardRoutes(app, ctx);
        registerRebuildRoutes(app, ctx, rebuilds);
      },
      close: async () => {
        await rebuilds.close();
      },
    };
  };
}
