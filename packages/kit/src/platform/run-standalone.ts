import { join } from 'node:path';
import { openCache } from '../cache/cache.ts';
import { loadConfigOrExit } from '../config/load-config.ts';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/open-database.ts';
import { runServer } from '../http/run-server.ts';
import { createLogger } from '../log/logger.ts';
import type { Logger } from '../log/logger.ts';
import { buildPlatform } from './build-platform.ts';
import type { ServiceFactory } from './service-module.ts';

/** The keys every service reads when it runs alone (HttpEnv, StorageEnv, AuthEnv and its port). */
export interface StandaloneConfig {
  PORT: number;
  HOST: string;
  LOG_LEVEL: string;
  LOG_PRETTY?: boolean | undefined;
  HTTP_BODY_LIMIT_BYTES: number;
  HTTP_REQUEST_TIMEOUT_MS: number;
  SHUTDOWN_GRACE_MS: number;
  TRUST_PROXY?: string | undefined;
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX: number;
  DATA_DIR: string;
  REDIS_URL?: string | undefined;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  /** Absent for identity, which signs the tokens itself. */
  JWKS_URL?: string | undefined;
  AMQP_URL?: string | undefined;
  /** Set for a service that serves gRPC to the others. */
  RPC_PORT?: number | undefined;
  /** OTLP/HTTP collector to export spans to; unset: trace ids only. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
}

export interface StandaloneOptions<C extends StandaloneConfig> {
  name: string;
  loadConfig: () => Readonly<C>;
  services: (config: Readonly<C>) => ServiceFactory[];
  /** Where the services this one calls over gRPC are, e.g. `{ catalog: config.CATALOG_RPC_URL }`. */
  rpcUpstreams?: (config: Readonly<C>) => Record<string, string>;
  /** Work after the platform is built and before it listens (so "ready" means done), e.g. seeding. */
  beforeListen?: (started: { config: Readonly<C>; database: Database; logger: Logger }) => Promise<void>;
}

/**
 * `services/<name>/main.ts`: one service in its own process, configured from its environment. A
 * configuration mistake is printed without a stack trace (the operator's to fix); a failure to
 * start releases the pools and exits 1.
 *
 * @example
 *   await runStandalone({ name: 'catalog', loadConfig: loadCatalogConfig, services: (config) => [catalogService(config)] });
 */
export async function runStandalone<C extends StandaloneConfig>(options: StandaloneOptions<C>): Promise<void> {
  const config = loadConfigOrExit(options.loadConfig);
  const logger = createLogger({ name: options.name, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // Its own directory: PGlite does not lock a data directory against a second process.
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, `${options.name}-pglite`), poolMax: config.DATABASE_POOL_MAX });
  const cache = openCache({ url: config.REDIS_URL });
  try {
    const platform = await buildPlatform({
      openapi: { title: `Pustaka ${options.name}`, version: '0.1.0' },
      database,
      cache,
      logger,
      services: options.services(config),
      http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
      auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: config.JWKS_URL },
      events: { amqpUrl: config.AMQP_URL, connectionName: options.name },
      rpc: { port: config.RPC_PORT, host: config.HOST, ...(options.rpcUpstreams ? { upstreams: options.rpcUpstreams(config) } : {}) },
      tracing: { serviceName: options.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT },
    });
    await options.beforeListen?.({ config, database, logger });
    await runServer(platform.app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
  } catch (error) {
    // Nothing is listening yet, so nothing else will release these.
    logger.fatal({ err: error }, `${options.name} failed to start`);
    await cache.close();
    await database.close();
    process.exitCode = 1;
  }
}
