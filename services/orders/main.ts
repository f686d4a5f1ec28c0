// The orders service on its own: `node services/orders/main.ts` with DATABASE_URL, REDIS_URL,
// AMQP_URL, JWKS_URL and CATALOG_RPC_URL; serves Orders over gRPC on RPC_PORT.
import { runStandalone } from '@pustaka/kit/platform';
import { loadOrdersConfig } from './config.ts';
import { ordersService } from './src/orders.service-module.ts';

await runStandalone({
  name: 'orders',
  loadConfig: loadOrdersConfig,
  services: (config) => [ordersService(config)],
  rpcUpstreams: (config) => ({ catalog: config.CATALOG_RPC_URL }),
});
