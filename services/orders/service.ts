import { ORDER_CANCELLED, ORDER_FULFILLED, ORDER_PLACED } from '@pustaka/contracts';
import { defineService } from '@pustaka/kit/manifest';
import { OrdersSettingsSchema } from './config.ts';

/** Orders as the platform sees it; see ServiceManifest. */
export default defineService({
  name: 'orders',
  summary: "Orders placed against the catalog's stock, cancelled and fulfilled; retried safely with an Idempotency-Key.",
  // A book's orders are orders' to answer, although the rest of /api/books is the catalog's.
  http: { port: 3003, routes: ['/api/orders', '/api/books/:id/orders'] },
  rpc: { port: 4003, serves: ['pustaka.orders.v1.Orders'], calls: ['catalog'] },
  schema: 'orders',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: OrdersSettingsSchema,
  publishes: [ORDER_PLACED, ORDER_CANCELLED, ORDER_FULFILLED],
  start: async (settings) => (await import('./src/orders.service-module.ts')).ordersService(settings),
});
