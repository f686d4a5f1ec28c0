import { join } from 'node:path';
import { openCache } from '@pustaka/kit/cache';
import type { Cache } from '@pustaka/kit/cache';
import { openDatabase } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { buildPlatform, serviceFromManifest } from '@pustaka/kit/platform';
import type { Platform, ServiceFactory } from '@pustaka/kit/platform';
import type { WebRenderer } from '@pustaka/web';
import { services } from '@pustaka/services';
import type { EmbeddedConfig } from '../config.ts';

/**
 * What `/` and the other page paths answer: the web app when it is given (`npm start`), else (the
 * API's own tests) the API explorer.
 */
function frontDoor(web: WebRenderer | undefined): ServiceFactory {
  return async () => ({
    name: 'front-door',
    routes: async (app) => {
      if (web) await web.mount(app);
      else app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
    },
  });
}

/** PostgreSQL when `DATABASE_URL` is set, else PGlite persisted under `DATA_DIR/pglite`. */
export function openEmbeddedDatabase(config: Pick<EmbeddedConfig, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_MAX'>): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), poolMax: config.DATABASE_POOL_MAX });
}

/**
 * Every service of the list in one process behind one server, in the list's order (identity
 * first: its keys verify every token), each on its own schema of one database, calling the others
 * in memory.
 */
export async function buildEmbedded(
  config: EmbeddedConfig,
  logger: Logger,
  database?: Database,
  cache?: Cache,
  /** Tests: the platform's clock (tokens are signed with it). */
  now?: () => Date,
  /** The web app at `/` (built by `ensureWebBuild`); without it `/` opens the API explorer. */
  web?: WebRenderer,
): Promise<Platform> {
  return buildPlatform({
    openapi: {
      title: 'Pustaka',
      version: '0.1.0',
      description: 'A bookshop that also runs events: every service of the platform, one API.',
    },
    database: database ?? (await openEmbeddedDatabase(config)),
    cache: cache ?? openCache({ url: config.REDIS_URL }),
    logger,
    services: [...services.map((service) => serviceFromManifest(service, config)), frontDoor(web)],
    http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
    // No gateway in front: this process is the edge, and limits as the gateway would.
    rateLimit: {
      perWindow: config.RATE_LIMIT_PER_MINUTE,
      authPerWindow: config.RATE_LIMIT_AUTH_PER_MINUTE,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      redisUrl: config.REDIS_URL,
      ...(web ? { exempt: (request) => web.isOwnRequest(request) } : {}),
    },
    auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    tracing: { serviceName: 'pustaka', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT },
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`,
    ...(now ? { now } : {}),
  });
}
