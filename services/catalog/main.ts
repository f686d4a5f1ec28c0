import { join } from 'node:path';
import { openCache } from '@pustaka/kit/cache';
import { openDatabase } from '@pustaka/kit/db';
import { runServer } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform } from '@pustaka/kit/platform';
import { loadCatalogConfig } from './config.ts';
import { catalogService, seedDemoCatalog } from './src/catalog.service-module.ts';

const config = loadCatalogConfig();
const logger = createLogger({ name: 'catalog', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const database = await openDatabase({
  url: config.DATABASE_URL,
  // Its own directory: PGlite does not lock a data directory against a second process.
  dataDir: join(config.DATA_DIR, 'catalog-pglite'),
  poolMax: config.DATABASE_POOL_MAX,
});

const platform = await buildPlatform({
  openapi: { title: 'Pustaka catalog', version: '1' },
  database,
  cache: openCache({ url: config.REDIS_URL }),
  logger,
  services: [catalogService(config)],
  http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
  auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: config.JWKS_URL },
  events: { amqpUrl: config.AMQP_URL, connectionName: 'catalog' },
  rpc: { port: config.RPC_PORT, host: config.HOST },
});

// Before listening, so a catalog that reports ready already shows the demo shop.
if (config.SEED_DEMO) await seedDemoCatalog(database, { logger });

await runServer(platform.app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
