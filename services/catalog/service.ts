import { BOOK_CREATED, BOOK_DELETED, BOOK_UPDATED, CATEGORY_UPDATED, ORDER_CANCELLED, ORDER_PLACED, STOCK_CHANGED, STOCK_LOW } from '@pustaka/contracts';
import { defineService } from '@pustaka/kit/manifest';
import { CatalogSettingsSchema } from './config.ts';

/** The catalog as the platform sees it; see ServiceManifest. */
export default defineService({
  name: 'catalog',
  summary: 'Books, categories and their stock on the shelves; reserves stock for orders so none is ever sold twice.',
  http: { port: 3002, routes: ['/api/categories', '/api/books'] },
  // The expiry sweep asks orders which expired reservations became orders.
  rpc: { port: 4002, serves: ['pustaka.catalog.v1.Inventory'], calls: ['orders'] },
  schema: 'catalog',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: CatalogSettingsSchema,
  localDefaults: { SEED_DEMO: true },
  consumes: [ORDER_PLACED, ORDER_CANCELLED],
  publishes: [STOCK_CHANGED, STOCK_LOW, BOOK_CREATED, BOOK_UPDATED, BOOK_DELETED, CATEGORY_UPDATED],
  start: async (settings) => (await import('./src/catalog.service-module.ts')).catalogService(settings),
});
