import { migrateToLatest, newId, serviceDb } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { CatalogSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import type { CatalogContext } from './catalog-context.ts';
import type { CatalogTables } from './catalog.tables.ts';
import { registerBookRoutes } from './books/books.routes.ts';
import { registerCategoryRoutes } from './categories/categories.routes.ts';
import { registerStockRoutes } from './stock/stock.routes.ts';

export { seedDemoCatalog } from './seed/seed-demo-catalog.ts';
export type { SeedOptions, SeedResult } from './seed/seed-demo-catalog.ts';
export type { CatalogSettings } from '../config.ts';

/**
 * The catalog: books, categories and their stock. Brings its schema up to date, then mounts
 * `/api/categories`, `/api/books` and `/api/books/:id/stock`.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(s), catalogService({ BOOK_CACHE_TTL_SECONDS: 300 })] });
 */
export function catalogService(settings: CatalogSettings): ServiceFactory {
  return async ({ database, cache, logger, now }) => {
    const applied = await migrateToLatest(database, 'catalog', migrations);
    if (applied.length > 0) logger.info({ applied }, 'catalog migrations applied');
    const ctx: CatalogContext = {
      db: serviceDb<CatalogTables>(database, 'catalog'),
      cache: cache.scope('catalog'),
      now,
      newId,
      bookCacheTtlSeconds: settings.BOOK_CACHE_TTL_SECONDS,
    };
    return {
      name: 'catalog',
      routes: async (app) => {
        registerCategoryRoutes(app, ctx);
        registerBookRoutes(app, ctx);
        registerStockRoutes(app, ctx);
      },
    };
  };
}
