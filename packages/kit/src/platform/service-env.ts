import { Type } from 'typebox';
import type { TObject, TSchema } from 'typebox';
import { AuthEnv, HttpEnv, StorageEnv } from '../config/common.ts';
import { envName } from './service-manifest.ts';
import type { ServiceManifest } from './service-manifest.ts';

/** The keys every service reads when it runs alone, whatever its manifest adds. */
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
  /** Absent for a service that signs the tokens itself. */
  JWKS_URL?: string | undefined;
  AMQP_URL?: string | undefined;
  /** Set for a service that serves gRPC to the others. */
  RPC_PORT?: number | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  PUBLIC_BASE_URL?: string | undefined;
  METRICS_HOST: string;
  METRICS_PORT?: number | undefined;
  /** `<NAME>_RPC_URL` for each service it calls. */
  [key: string]: unknown;
}

/**
 * The environment of a service running alone (`node services/<name>/main.ts`): the kit's HTTP,
 * storage and auth keys, its port, where identity's keys are (unless it signs tokens), the broker,
 * its gRPC port and the address of each service it calls, and its own settings.
 *
 * @example
 *   standaloneEnv(catalog).properties.ORDERS_RPC_URL; // required: the catalog calls orders
 */
export function standaloneEnv(manifest: ServiceManifest): TObject {
  const rpc = manifest.rpc ?? {};
  const properties: Record<string, TSchema> = {
    ...HttpEnv,
    ...StorageEnv,
    ...AuthEnv,
    PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: manifest.http.port }),
    // Alone, a service has no identity beside it: it fetches the signing keys from one.
    ...(manifest.signsTokens
      ? {}
      : { JWKS_URL: Type.String({ pattern: '^https?://', description: "identity's JWKS, e.g. http://identity:3001/.well-known/jwks.json" }) }),
    AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://', description: 'RabbitMQ; unset: events travel in this process only' })),
    ...(rpc.port ? { RPC_PORT: Type.Integer({ minimum: 1, maximum: 65_535, default: rpc.port, description: 'where it serves gRPC' }) } : {}),
    ...Object.fromEntries(
      (rpc.calls ?? []).map((callee) => [
        rpcUrlKey(callee),
        Type.String({ pattern: '^https?://', description: `the ${callee} service's gRPC address, e.g. http://${callee}:4000` }),
      ]),
    ),
    ...manifest.settings.properties,
  };
  return Type.Object(properties);
}

/**
 * The environment key of a callee's gRPC address.
 *
 * @example
 *   rpcUrlKey('catalog'); // 'CATALOG_RPC_URL'
 */
export function rpcUrlKey(service: string): string {
  return `${envName(service)}_RPC_URL`;
}

/**
 * The service's own settings out of a larger configuration (the standalone one, or the embedded
 * app's, which holds every service's).
 *
 * @example
 *   const settings = settingsOf(catalog, loadConfig(standaloneEnv(catalog))); // { BOOK_CACHE_TTL_SECONDS: 300, ... }
 */
export function settingsOf(manifest: ServiceManifest, config: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.freeze(
    Object.fromEntries(
      Object.keys(manifest.settings.properties)
        .filter((key) => config[key] !== undefined)
        .map((key) => [key, config[key]]),
    ),
  );
}

/**
 * Every setting as an environment string, for a process about to be started with it.
 *
 * @example
 *   envOf({ SEED_DEMO: true, HOLD_TTL_SECONDS: 600 }); // { SEED_DEMO: 'true', HOLD_TTL_SECONDS: '600' }
 */
export function envOf(settings: object | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}
