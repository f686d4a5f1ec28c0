// The catalog on its own: `node services/catalog/main.ts` with DATABASE_URL, REDIS_URL, AMQP_URL
// JWKS_URL and ORDERS_RPC_URL; serves Inventory over gRPC on RPC_PORT.
import { runStandalone } from '@pustaka/kit/platform';
import { loadCatalogConfig } from './config.ts';
import { catalogService, seedDemoCatalog } from './src/catalog.service-module.ts';

await runStandalone({
  name: 'catalog',
  loadConfig: loadCatalogConfig,
  services: (config) => [catalogService(config)],
  rpcUpstreams: (config) => ({ orders: config.ORDERS_RPC_URL }),
  beforeListen: async ({ config, database, logger }) => {
    if (config.SEED_DEMO) await seedDemoCatalog(database, { logger });
  },
});
