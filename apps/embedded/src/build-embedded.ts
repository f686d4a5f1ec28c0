import { join } from 'node:path';
import { openCache } from '@pustaka/kit/cache';
import type { Cache } from '@pustaka/kit/cache';
import { openDatabase } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { buildPlatform } from '@pustaka/kit/platform';
import type { Platform, ServiceFactory } from '@pustaka/kit/platform';
import { identityService } from '@pustaka/identity';
import { catalogService, seedDemoCatalog } from '@pustaka/catalog';
import { ordersService } from '@pustaka/orders';
import { ticketingService } from '@pustaka/ticketing';
import type { EmbeddedConfig } from '../config.ts';

/** Until the web app lands, the front door opens the API explorer. */
const frontDoor: ServiceFactory = async () => ({
  name: 'front-door',
  routes: async (app) => {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
  },
});

/** PostgreSQL when `DATABASE_URL` is set, else PGlite persisted under `DATA_DIR/pglite`. */
export function openEmbeddedDatabase(config: Pick<EmbeddedConfig, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_MAX'>): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), poolMax: config.DATABASE_POOL_MAX });
}

/**
 * Every service in one process behind one server: identity first (its keys verify every token),
 * then catalog, then orders (which reserves stock through the catalog's Inventory, in memory), then
 * ticketing.
 * On an empty catalog the demo shop is seeded when `SEED_DEMO` is on.
 */
export async function buildEmbedded(config: EmbeddedConfig, logger: Logger, database?: Database, cache?: Cache): Promise<Platform> {
  const db = database ?? (await openEmbeddedDatabase(config));
  const platform = await buildPlatform({
    openapi: {
      title: 'Pustaka',
      version: '0.1.0',
      description: 'A bookshop that also runs events: every service of the platform, one API.',
    },
    database: db,
    cache: cache ?? openCache({ url: config.REDIS_URL }),
    logger,
    services: [identityService(config), catalogService(config), ordersService(config), ticketingService(config), frontDoor],
    http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS },
    auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    tracing: { serviceName: 'pustaka', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT },
  });
  if (config.SEED_DEMO) await seedDemoCatalog(db, { logger });
  return platform;
}
