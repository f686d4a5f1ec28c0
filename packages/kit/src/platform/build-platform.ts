import type { Logger } from 'pino';
import { createHttpServer } from '../http/create-http-server.ts';
import type { HttpApp } from '../http/http-app.ts';
import type { OpenApiInfo } from '../http/openapi.ts';
import { createTokenVerifier } from '../auth/token-verifier.ts';
import { httpJwksSource } from '../auth/jwks-source.ts';
import { installAuth } from '../auth/auth-plugin.ts';
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/open-database.ts';
import type { ServiceFactory, ServiceModule } from './service-module.ts';

export interface PlatformOptions {
  openapi: OpenApiInfo;
  database: Database;
  cache: Cache;
  logger: Logger;
  services: ServiceFactory[];
  http: { bodyLimitBytes: number; requestTimeoutMs: number };
  auth: { issuer: string; audience: string; /** Where to fetch keys when identity is not in this process. */ jwksUrl?: string | undefined };
  now?: () => Date;
}

export interface Platform {
  app: HttpApp;
  services: ServiceModule[];
  /** Closes the HTTP server, then the services, then the cache and the database. */
  close(): Promise<void>;
}

/**
 * Assembles one process: prepares each service, verifies tokens locally (from identity's keys in
 * this process, or from `auth.jwksUrl`), mounts every service's routes on one server, and wires
 * readiness checks and shutdown. The caller decides whether to listen.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(settings), catalogService(settings)] });
 *   await runServer(platform.app, { port: 8080, host: '0.0.0.0', graceMs: 10_000 });
 */
export async function buildPlatform(options: PlatformOptions): Promise<Platform> {
  const { database, cache, logger } = options;
  const deps = { database, cache, logger, now: options.now ?? (() => new Date()) };
  const services: ServiceModule[] = [];
  for (const factory of options.services) services.push(await factory(deps));

  const jwks = services.find((service) => service.jwks)?.jwks
    ?? (options.auth.jwksUrl ? httpJwksSource(options.auth.jwksUrl) : undefined);
  if (!jwks) throw new Error('No signing keys: run identity in this process or set JWKS_URL');

  const app = await createHttpServer({ logger, openapi: options.openapi, ...options.http });
  installAuth(app, createTokenVerifier({ jwks, authCache: cache.scope('auth'), ...options.auth }));
  for (const service of services) await service.routes(app);

  app.readinessChecks.set('database', () => database.ping());
  app.readinessChecks.set('cache', () => cache.ping());
  app.addHook('onClose', async () => {
    for (const service of services) await service.close?.();
    await cache.close();
    await database.close();
  });
  await app.ready();
  return { app, services, close: () => app.close() };
}
