// The orders service on its own: `node services/orders/main.ts` with DATABASE_URL, REDIS_URL,
// AMQP_URL, JWKS_URL and CATALOG_RPC_URL.
import { join } from 'node:path';
import { openCache } from '@pustaka/kit/cache';
import { openDatabase } from '@pustaka/kit/db';
import { runServer } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform } from '@pustaka/kit/platform';
import { loadOrdersConfig } from './config.ts';
import { ordersService } from './src/orders.service-module.ts';

const config = loadOrdersConfig();
const logger = createLogger({ name: 'orders', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });

const platform = await buildPlatform({
  openapi: { title: 'Pustaka orders', version: '1' },
  database: await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'orders-pglite'), poolMax: config.DATABASE_POOL_MAX }),
  cache: openCache({ url: config.REDIS_URL }),
  logger,
  services: [ordersService(config)],
  http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
  auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: config.JWKS_URL },
  events: { amqpUrl: config.AMQP_URL, connectionName: 'orders' },
  rpc: { upstreams: { catalog: config.CATALOG_RPC_URL } },
});

await runServer(platform.app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
