import { migrateToLatest, newId, serviceDb } from '@pustaka/kit/db';
import { scheduleJob } from '@pustaka/kit/jobs';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { CatalogSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import type { CatalogContext } from './catalog-context.ts';
import type { CatalogTables } from './catalog.tables.ts';
import { registerBookRoutes } from './books/books.routes.ts';
import { registerCategoryRoutes } from './categories/categories.routes.ts';
import { registerStockRoutes } from './stock/stock.routes.ts';
import { registerInventoryRpc } from './inventory/inventory.rpc.ts';
import { orderEventsConsumer } from './inventory/order-events.consumer.ts';
import { settleExpiredReservations } from './inventory/inventory.service.ts';
import { ordersLookup } from './inventory/orders-lookup.ts';
import { seedDemoCatalog } from './seed/seed-demo-catalog.ts';

export { seedDemoCatalog } from './seed/seed-demo-catalog.ts';
export type { SeedOptions, SeedResult } from './seed/seed-demo-catalog.ts';
export { catalogBulkImport } from './seed/bulk-import.service.ts';
export type { CatalogBulkImport, ImportedBook, ImportedCategory, ImportedReservation } from './seed/bulk-import.service.ts';
export type { CatalogSettings } from '../config.ts';

/**
 * The catalog: books, categories and their stock. Brings its schema up to date (and seeds the demo
 * shop into an empty catalog when `SEED_DEMO` is on), mounts
 * `/api/categories`, `/api/books` and `/api/books/:id/stock`, serves `Inventory` over gRPC,
 * settles reservations from the orders' events, and settles reservations that expired (asking
 * orders, over gRPC, which of them became orders).
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(s), catalogService(settings)] });
 */
export function catalogService(settings: CatalogSettings): ServiceFactory {
  return async ({ database, cache, logger, now, events, rpc }) => {
    const applied = await migrateToLatest(database, 'catalog', migrations);
    if (applied.length > 0) logger.info({ applied }, 'catalog migrations applied');
    // Before the routes are mounted, so "ready" means the shop is there.
    if (settings.SEED_DEMO) await seedDemoCatalog(database, { logger, now });
    const ctx: CatalogContext = {
      db: serviceDb<CatalogTables>(database, 'catalog'),
      cache: cache.scope('catalog'),
      logger: logger.child({ service: 'catalog' }),
      now,
      newId,
      bookCacheTtlSeconds: settings.BOOK_CACHE_TTL_SECONDS,
      events: events.outbox('catalog', now),
    };
    rpc.serve('catalog', (router) => registerInventoryRpc(router, ctx, settings.RESERVATION_TTL_SECONDS));
    await events.subscribe(orderEventsConsumer(ctx));
    const orders = ordersLookup(rpc.transportTo('orders'), { deadlineMs: settings.ORDERS_DEADLINE_MS, logger: ctx.logger });
    const sweep = scheduleJob({
      name: 'catalog.release-expired-reservations',
      cron: settings.RESERVATION_SWEEP_CRON,
      database,
      logger: ctx.logger,
      now,
      run: async () => {
        const settled = await settleExpiredReservations(ctx, orders, { graceSeconds: settings.RESERVATION_RELEASE_GRACE_SECONDS });
        if (settled.committed + settled.released > 0) ctx.logger.info(settled, 'settled expired reservations');
      },
    });
    return {
      name: 'catalog',
      routes: async (app) => {
        registerCategoryRoutes(app, ctx);
        registerBookRoutes(app, ctx);
        registerStockRoutes(app, ctx);
      },
      close: () => sweep.stop(),
    };
  };
}
