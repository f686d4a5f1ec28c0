import { migrateToLatest } from '@pustaka/kit/db';
import { scheduleJob } from '@pustaka/kit/jobs';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { createRebuilds, endInterruptedRebuild } from '@pustaka/kit/rebuild';
import type { DiscoverySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createDiscoveryContext } from './discovery-context.ts';
import { searchIndexConsumer } from './index/search-index.consumer.ts';
import { ownerClients } from './owners/owner-clients.ts';
import { readModelSteps } from './rebuild/read-model-steps.ts';
import { registerRebuildRoutes } from './rebuild/rebuild.routes.ts';
import { discoveryRebuildTarget } from './rebuild/rebuild-target.ts';
import { recommendationsConsumer } from './recommendations/recommendations.consumer.ts';
import { registerRecommendationRoutes } from './recommendations/recommendations.routes.ts';
import { rollSalesWindows } from './recommendations/sales-windows.service.ts';
import { registerSearchRoutes } from './search/search.routes.ts';

export type { DiscoverySettings } from '../config.ts';
export { rebuildReadModels } from './rebuild/rebuild-read-models.ts';
export type { RebuildReadModelsOptions } from './rebuild/rebuild-read-models.ts';
export type { RebuildRun } from './rebuild/rebuild.schema.ts';

/**
 * Discovery: brings its schema up to date, keeps its search index from the catalog's and
 * ticketing's events and its recommendations from the orders' and bookings' events (moving the
 * popular-books windows on to each new day on a schedule), mounts `/api/search`,
 * `/api/search/suggest`, `/api/recommendations/*` and `/api/books/:id/recommendations`, and
 * rebuilds the index from the owners' listings over gRPC when an admin asks (`/api/search/reindex`).
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [catalogService(c), discoveryService(discoverySettings())] });
 */
export function discoveryService(settings: DiscoverySettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'discovery', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'discovery migrations applied');
    const ctx = createDiscoveryContext(deps, settings);
    // One process is every replica on PGlite: a rebuild still running was stopped with it.
    if (deps.database.kind === 'pglite') await endInterruptedRebuild(discoveryRebuildTarget(ctx));
    await deps.events.subscribe(searchIndexConsumer(ctx));
    const owners = ownerClients(deps.rpc, { deadlineMs: settings.DISCOVERY_OWNER_DEADLINE_MS, logger: ctx.logger });
    const rebuilds = createRebuilds(discoveryRebuildTarget(ctx), () => readModelSteps(ctx, owners));
    await deps.events.subscribe(recommendationsConsumer(ctx));
    const windows = scheduleJob({
      name: 'discovery.roll-sales-windows',
      cron: settings.DISCOVERY_SALES_WINDOW_CRON,
      database: deps.database,
      logger: ctx.logger,
      now: deps.now,
      run: async () => {
        const days = await rollSalesWindows(ctx);
        if (days > 0) ctx.logger.info({ days }, 'moved the popular-books windows on');
      },
    });
    return {
      name: 'discovery',
      routes: async (app) => {
        registerSearchRoutes(app, ctx);
        registerRebuildRoutes(app, ctx, rebuilds);
        registerRecommendationRoutes(app, ctx);
      },
      close: async () => {
        await windows.stop();
        await rebuilds.close();
      },
    };
  };
}
