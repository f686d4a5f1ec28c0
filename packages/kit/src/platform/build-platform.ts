import type { Logger } from 'pino';
import { createHttpServer } from '../http/create-http-server.ts';
import type { HttpApp } from '../http/http-app.ts';
import type { OpenApiInfo } from '../http/openapi.ts';
import { createTokenVerifier } from '../auth/token-verifier.ts';
import { httpJwksSource } from '../auth/jwks-source.ts';
import { installAuth } from '../auth/auth-plugin.ts';
import { enforceRouteAccess } from '../auth/route-access.ts';
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/open-database.ts';
import { maintainTables } from '../db/embedded-maintenance.ts';
import { scheduleJob } from '../jobs/schedule-job.ts';
import type { ServiceFactory, ServiceModule } from './service-module.ts';
import { createEventBus } from './event-bus.ts';
import { registerDeadLetterRoutes } from './dead-letter-routes.ts';
import { createRpcHub } from './rpc-hub.ts';
import type { RpcHub } from './rpc-hub.ts';
import { createInProcessTransport } from '../bus/in-process-transport.ts';
import { createRabbitTransport } from '../bus/rabbit-transport.ts';
import { registerTracing } from '../tracing/register-tracing.ts';
import type { TracingOptions } from '../tracing/register-tracing.ts';
import { createRouteTable } from './route-table.ts';
import { registerEdgeRateLimit } from './edge-rate-limit.ts';
import type { EdgeRateLimitOptions } from './edge-rate-limit.ts';

export interface PlatformOptions {
  openapi: OpenApiInfo;
  database: Database;
  cache: Cache;
  logger: Logger;
  services: ServiceFactory[];
  http: { bodyLimitBytes: number; requestTimeoutMs: number; trustProxy?: string | undefined };
  auth: { issuer: string; audience: string; /** Where to fetch keys when identity is not in this process. */ jwksUrl?: string | undefined };
  /** RabbitMQ when `amqpUrl` is set; else events travel in-process. */
  events?: { amqpUrl?: string | undefined; connectionName?: string };
  /** This process's gRPC port (cluster) and where the services of other processes are. */
  rpc?: { port?: number | undefined; host?: string; upstreams?: Record<string, string | undefined> };
  /** The process's tracing (once per process: the first platform's wins). Default: ids only, as `pustaka`. */
  tracing?: TracingOptions;
  now?: () => Date;
  /** Where members reach the platform (PUBLIC_BASE_URL), for absolute links. */
  publicBaseUrl: string;
  /**
   * The edge's rate limits, when this process is the edge (the embedded app; a service alone sits
   * behind the gateway, which limits for it).
   */
  rateLimit?: EdgeRateLimitOptions;
}

export interface Platform {
  app: HttpApp;
  services: ServiceModule[];
  /**
   * gRPC of this process: what a tool running beside the services calls them through, in memory
   * for a service hosted here (`rpc.transportTo('catalog')`), e.g. to rebuild a read model from
   * its owners with the app otherwise stopped.
   */
  rpc: Pick<RpcHub, 'transportTo'>;
  /** Closes the HTTP server, then the services, then the cache and the database. */
  close(): Promise<void>;
}

/**
 * Assembles one process: registers tracing, prepares each service, verifies tokens locally (from identity's keys in
 * this process, or from `auth.jwksUrl`), mounts every service's routes on one server, and wires
 * readiness checks and shutdown. The caller decides whether to listen.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(settings), catalogService(settings)] });
 *   await runServer(platform.app, { port: 8080, host: '0.0.0.0', graceMs: 10_000 });
 */
export async function buildPlatform(options: PlatformOptions): Promise<Platform> {
  const { database, cache, logger } = options;
  // Before anything can start a span: trace ids exist even when nothing exports them.
  const tracing = await registerTracing(options.tracing ?? { serviceName: 'pustaka' });
  const amqpUrl = options.events?.amqpUrl;
  const transport = amqpUrl
    ? createRabbitTransport({ url: amqpUrl, logger, ...(options.events?.connectionName ? { connectionName: options.events.connectionName } : {}) })
    : createInProcessTransport();
  const events = createEventBus(transport, database, logger);
  const rpc = createRpcHub({
    logger,
    port: options.rpc?.port,
    ...(options.rpc?.host ? { host: options.rpc.host } : {}),
    ...(options.rpc?.upstreams ? { upstreams: options.rpc.upstreams } : {}),
  });
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const deps = { database, cache, logger, now: options.now ?? (() => new Date()), events, rpc, publicBaseUrl, amqpUrl };
  const services: ServiceModule[] = [];
  for (const factory of options.services) services.push(await factory(deps));
  await events.start();

  const jwks = services.find((service) => service.jwks)?.jwks ?? (options.auth.jwksUrl ? httpJwksSource(options.auth.jwksUrl) : undefined);
  if (!jwks) throw new Error('No signing keys: run identity in this process or set JWKS_URL');

  const secretPaths = services.flatMap((service) => service.secretPaths ?? []);
  const app = await createHttpServer({ logger, openapi: options.openapi, ...options.http, secretPaths });
  installAuth(app, createTokenVerifier({ jwks, authCache: cache.securityScope('auth'), ...options.auth }));
  enforceRouteAccess(app);
  // After the auth hook, so a signed-in request counts against its verified member.
  if (options.rateLimit) await registerEdgeRateLimit(app, options.rateLimit);
  await mountRoutes(app, services);
  const consuming = events.consumingSchemas();
  if (consuming.length > 0) registerDeadLetterRoutes(app, { database, transport, services: consuming });

  app.readinessChecks.set('database', () => database.ping());
  app.readinessChecks.set('cache', () => cache.ping());
  // PGlite has no autovacuum: without this, an embedded shop's tables are never analysed.
  const maintenance =
    database.kind === 'pglite'
      ? scheduleJob({
          name: 'platform.table-maintenance',
          cron: '0 * * * * *',
          database,
          logger,
          run: async () => {
            const run = await maintainTables(database.root);
            if (run.analyzed.length > 0) logger.debug(run, 'analysed the tables that changed');
          },
        })
      : undefined;
  app.addHook('onClose', async () => {
    await maintenance?.stop();
    await rpc.close();
    for (const service of services) await service.close?.();
    await events.close();
    await cache.close();
    await database.close();
    await tracing.flush();
  });
  await app.ready();
  const rpcAddress = await rpc.listen();
  if (rpcAddress) logger.info({ rpc: rpcAddress }, 'serving gRPC');
  return { app, services, rpc, close: () => app.close() };
}

/**
 * Registers every service's routes. A service with a manifest may only register paths the route
 * table of the services here sends to it: a route its manifest does not declare would be
 * unreachable through the gateway, and one another service declares would be answered by that one.
 */
async function mountRoutes(app: HttpApp, services: ServiceModule[]): Promise<void> {
  const table = createRouteTable(services.flatMap((service) => (service.declaredRoutes ? [{ name: service.name, routes: service.declaredRoutes }] : [])));
  let mounting: ServiceModule | undefined;
  app.addHook('onRoute', (route) => {
    if (!mounting?.declaredRoutes) return;
    const owner = table.ownerOf(route.url);
    if (owner !== mounting.name) {
      throw new Error(
        `${mounting.name} registers ${route.url}, which ${owner ? `the manifest of ${owner}` : 'no manifest'} declares: add it to http.routes in services/${mounting.name}/service.ts`,
      );
    }
  });
  for (const service of services) {
    mounting = service;
    await service.routes(app);
  }
  mounting = undefined;
}
