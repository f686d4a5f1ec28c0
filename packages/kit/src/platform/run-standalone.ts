import { join } from 'node:path';
import type { TObject } from 'typebox';
import { openCache } from '../cache/cache.ts';
import { loadConfig, loadConfigOrExit } from '../config/load-config.ts';
import { openDatabase } from '../db/open-database.ts';
import { runServer } from '../http/run-server.ts';
import { createLogger } from '../log/logger.ts';
import { buildPlatform } from './build-platform.ts';
import { MigrateEnv, runMigrationsStandalone } from './run-migrations.ts';
import { serviceFromManifest } from './manifest-service.ts';
import { rpcUrlKey, standaloneEnv } from './service-env.ts';
import type { StandaloneConfig } from './service-env.ts';
import type { ServiceManifest } from './service-manifest.ts';

/**
 * `services/<name>/main.ts`: one service in its own process, configured from its environment
 * (`standaloneEnv(manifest)`; `--help` lists it). A configuration mistake is printed without a
 * stack trace (the operator's to fix); a failure to start releases the pools and exits 1. With
 * `--migrate` it only brings its schema up to date and exits (see runMigrationsStandalone).
 *
 * @example
 *   import catalog from './service.ts';
 *   await runStandalone(catalog);
 */
export async function runStandalone(manifest: ServiceManifest): Promise<void> {
  const env = standaloneEnv(manifest);
  if (process.argv.includes('--help')) {
    console.log(describeEnv(manifest, env));
    return;
  }
  if (process.argv.includes('--migrate')) return runMigrationsStandalone(manifest);
  const config = loadConfigOrExit(() => loadConfig(env) as Readonly<StandaloneConfig>);
  const { name } = manifest;
  const logger = createLogger({ name, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // Its own directory: PGlite does not lock a data directory against a second process.
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, `${name}-pglite`), poolMax: config.DATABASE_POOL_MAX });
  const cache = openCache({ url: config.REDIS_URL });
  try {
    const platform = await buildPlatform({
      openapi: { title: `Pustaka ${name}`, version: '0.1.0', description: manifest.summary },
      database,
      cache,
      logger,
      services: [serviceFromManifest(manifest, config)],
      http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
      auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: config.JWKS_URL },
      events: { amqpUrl: config.AMQP_URL, connectionName: name },
      rpc: {
        port: config.RPC_PORT,
        host: config.HOST,
        upstreams: Object.fromEntries((manifest.rpc?.calls ?? []).map((callee) => [callee, config[rpcUrlKey(callee)] as string])),
      },
      tracing: { serviceName: name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT },
      publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`,
    });
    await runServer(platform.app, {
      port: config.PORT,
      host: config.HOST,
      graceMs: config.SHUTDOWN_GRACE_MS,
      metrics: { host: config.METRICS_HOST, port: config.METRICS_PORT },
    });
  } catch (error) {
    // Nothing is listening yet, so nothing else will release these.
    logger.fatal({ err: error }, `${name} failed to start`);
    await cache.close();
    await database.close();
    process.exitCode = 1;
  }
}

/** `node services/<name>/main.ts --help`: every key it reads, required ones first. */
function describeEnv(manifest: ServiceManifest, env: TObject): string {
  const required = new Set<string>(env.required ?? []);
  const lines = Object.entries(env.properties as Record<string, { default?: unknown; description?: string }>).map(([key, schema]) => {
    const need = schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : required.has(key) ? 'required' : 'optional';
    return `  ${key.padEnd(36)} ${need}${schema.description ? `: ${schema.description}` : ''}`;
  });
  const migrate = `With --migrate: apply its migrations and exit, reading only ${Object.keys(MigrateEnv.properties).join(', ')}.`;
  return [`${manifest.name}: ${manifest.summary}`, '', 'Environment:', ...lines, '', migrate].join('\n');
}
