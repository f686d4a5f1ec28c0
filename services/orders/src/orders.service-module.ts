import { migrateToLatest, newId, serviceDb } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { OrdersSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { catalogInventory } from './catalog-inventory.ts';
import type { OrdersContext, OrderStorage } from './orders-context.ts';
import type { OrdersTables } from './orders.tables.ts';
import { createOrderWriter } from './orders/order-writer.ts';
import { registerOrderRoutes } from './orders/orders.routes.ts';
import { registerOrdersRpc } from './orders/orders.rpc.ts';

export type { OrdersSettings } from '../config.ts';
export { ordersBulkImport } from './seed/bulk-import.service.ts';
export type { ImportedOrder, OrdersBulkImport } from './seed/bulk-import.service.ts';

/**
 * Orders: places them against the catalog's inventory (gRPC), writes those placed at the same moment
 * in one transaction (`createOrderWriter`), records `order.*` events through its outbox, mounts
 * `/api/orders` and `/api/books/:id/orders`, and serves `Orders` over gRPC (the catalog asks it
 * which reservations became orders).
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(s), catalogService(c), ordersService(o)] });
 */
export function ordersService(settings: OrdersSettings): ServiceFactory {
  return async ({ database, cache, logger, now, events, rpc }) => {
    const applied = await migrateToLatest(database, 'orders', migrations);
    if (applied.length > 0) logger.info({ applied }, 'orders migrations applied');
    const log = logger.child({ service: 'orders' });
    const storage: OrderStorage = {
      db: serviceDb<OrdersTables>(database, 'orders'),
      cache: cache.scope('orders'),
      logger: log,
      now,
      events: events.outbox('orders', now),
    };
    const ctx: OrdersContext = {
      ...storage,
      newId,
      inventory: catalogInventory(rpc.transportTo('catalog'), { deadlineMs: settings.CATALOG_DEADLINE_MS, logger: log }),
      orderWriter: createOrderWriter(storage),
      settings: {
        reservationTtlSeconds: settings.ORDER_RESERVATION_TTL_SECONDS,
        bookOrdersCacheTtlSeconds: settings.BOOK_ORDERS_CACHE_TTL_SECONDS,
      },
    };
    rpc.serve('orders', (router) => registerOrdersRpc(router, ctx));
    return {
      name: 'orders',
      routes: async (app) => registerOrderRoutes(app, ctx),
    };
  };
}
