import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { AnalyticsSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createAnalyticsContext } from './analytics-context.ts';
import { registerItemRoutes } from './items/items.routes.ts';

export type { AnalyticsSettings } from '../config.ts';

/**
 * Analytics: brings its schema up to date and mounts `/api/analytics/items`. Subscribe its
 * consumers (`events.subscribe`), serve its gRPC (`rpc.serve`) and schedule its jobs here.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [analyticsService(analyticsSettings())] });
 */
export function analyticsService(settings: AnalyticsSettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'analytics', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'analytics migrations applied');
    const ctx = createAnalyticsContext(deps, settings);
    return {
      name: 'analytics',
      routes: async (app) => {
        registerItemRoutes(app, ctx);
      },
    };
  };
}
