import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { DiscoverySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createDiscoveryContext } from './discovery-context.ts';
import { searchIndexConsumer } from './index/search-index.consumer.ts';
import { registerSearchRoutes } from './search/search.routes.ts';

export type { DiscoverySettings } from '../config.ts';

/**
 * Discovery: brings its schema up to date, keeps its search index from the catalog's and
 * ticketing's events, and mounts `/api/search` and `/api/search/suggest`.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [catalogService(c), discoveryService(discoverySettings())] });
 */
export function discoveryService(settings: DiscoverySettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'discovery', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'discovery migrations applied');
    const ctx = createDiscoveryContext(deps, settings);
    await deps.events.subscribe(searchIndexConsumer(ctx));
    return {
      name: 'discovery',
      routes: async (app) => {
        registerSearchRoutes(app, ctx);
      },
    };
  };
}
