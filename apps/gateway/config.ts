import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, RateLimitEnv } from '@pustaka/kit/config';
import { envName } from '@pustaka/kit/manifest';
import type { ServiceManifest } from '@pustaka/kit/manifest';
import { services } from '@pustaka/services';
import { WebEnv } from '@pustaka/web';

/** A service behind the gateway: where it is and which paths are its. */
export interface Upstream {
  name: string;
  /** Its first replica's base URL, without a trailing slash, e.g. `http://catalog:3002` (docs are fetched there). */
  url: string;
  /** Every replica's base URL (`CATALOG_URL=http://a:3002,http://b:3002`), requests balanced across them. */
  replicas: readonly string[];
  /** The paths it declares (its manifest's `http.routes`). */
  routes: readonly string[];
  /** Whether it signs the access tokens (its `/.well-known/jwks.json` has the keys the gateway verifies with). */
  signsTokens: boolean;
  /** Its paths that carry a credential (its manifest's `http.secretPaths`), never logged as they are. */
  secretPaths: readonly string[];
}

const GatewaySettings = Type.Object({
  ...HttpEnv,
  ...WebEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
  /** Longest wait for an upstream's response headers (and between body chunks) before answering 503. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /** How long an upstream's open circuit breaker answers 503 at once before trying it again. */
  UPSTREAM_BREAKER_RESET_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  ...AuthEnv,
  /** Budgets per member (signed in) or address; shared by every gateway replica when REDIS_URL is set. */
  ...RateLimitEnv,
  /** Where identity's public keys are; default: the signing service's `/.well-known/jwks.json` behind its `<NAME>_URL`. */
  JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Origins a browser may call the API from (`https://shop.example.com,https://admin.example.com`); default none. */
  CORS_ORIGINS: Type.String({ pattern: '^(https?://[^,\\s/]+(,https?://[^,\\s/]+)*)?$', default: '' }),
  /** How long a browser may reuse a preflight's answer. */
  CORS_MAX_AGE_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 600 }),
  /** Declared paths whose WebSocket upgrades are tunnelled to the service that declares them. */
  SOCKET_PATHS: Type.String({ pattern: '^(/[\\w./-]*(,/[\\w./-]*)*)?$', default: '/ws' }),
  /** Revocations (shared with identity) and rate-limit counts; without it both stay in this process. */
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** How old the merged API docs may get before the next `/docs` load fetches the services' again. */
  OPENAPI_REFRESH_MS: Type.Integer({ minimum: 0, default: 60_000 }),
});

export type GatewayConfig = Static<typeof GatewaySettings> & { upstreams: readonly Upstream[] };

/**
 * The environment key of a service's address.
 *
 * @example
 *   upstreamUrlKey('catalog'); // 'CATALOG_URL'
 */
export function upstreamUrlKey(service: string): string {
  return `${envName(service)}_URL`;
}

const REPLICA_LIST = '^https?://[^,\\s]+(,https?://[^,\\s]+)*$';

/**
 * The gateway's environment: its own keys and `<NAME>_URL` for each service (default: its port on
 * this machine), one URL or several, comma-separated, for its replicas.
 */
export function gatewayEnv(list: readonly ServiceManifest[] = services) {
  return Type.Object({
    ...GatewaySettings.properties,
    ...Object.fromEntries(
      list.map((service) => [upstreamUrlKey(service.name), Type.String({ pattern: REPLICA_LIST, default: `http://127.0.0.1:${service.http.port}` })]),
    ),
  });
}

/**
 * Reads and validates the gateway's configuration once; the result is frozen. The upstreams are
 * the services of the list, each at its `<NAME>_URL`.
 *
 * @example
 *   const config = loadGatewayConfig({ CATALOG_URL: 'http://catalog:3002' });
 *   config.upstreams.find((upstream) => upstream.name === 'catalog')?.url; // 'http://catalog:3002'
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, list: readonly ServiceManifest[] = services): Readonly<GatewayConfig> {
  const config = loadConfig(gatewayEnv(list), env) as Static<typeof GatewaySettings> & Record<string, unknown>;
  const upstreams = list.map((service) => {
    const replicas = String(config[upstreamUrlKey(service.name)])
      .split(',')
      .map((url) => url.replace(/\/+$/, ''));
    return Object.freeze({
      name: service.name,
      url: replicas[0]!,
      replicas: Object.freeze(replicas),
      routes: service.http.routes,
      signsTokens: service.signsTokens === true,
      secretPaths: service.http.secretPaths ?? [],
    });
  });
  return Object.freeze({ ...config, upstreams: Object.freeze(upstreams) });
}
