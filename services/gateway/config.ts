import { Type } from 'typebox';
import type { Static } from 'typebox';
import { HttpEnv, loadConfig } from '@pustaka/kit/config';

const Url = (fallback: string) => Type.String({ pattern: '^https?://', default: fallback });

/** The environment of the gateway process; defaults are the services' standalone ports on this machine. */
export const GatewayEnv = Type.Object({
  ...HttpEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
  IDENTITY_URL: Url('http://127.0.0.1:3001'),
  CATALOG_URL: Url('http://127.0.0.1:3002'),
  ORDERS_URL: Url('http://127.0.0.1:3003'),
  TICKETING_URL: Url('http://127.0.0.1:3004'),
  /** Longest wait for an upstream's response headers (and between body chunks) before answering 503. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /** How long an upstream's open circuit breaker answers 503 at once before trying it again. */
  UPSTREAM_BREAKER_RESET_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  /** Requests per client address per minute; shared by every gateway replica when REDIS_URL is set. */
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** How old the merged API docs may get before the next `/docs` load fetches the services' again. */
  OPENAPI_REFRESH_MS: Type.Integer({ minimum: 0, default: 60_000 }),
});

export type GatewayConfig = Static<typeof GatewayEnv>;

/**
 * Reads and validates the gateway's configuration once; the result is frozen.
 *
 * @example
 *   const config = loadGatewayConfig({ CATALOG_URL: 'http://catalog:3002' }); // config.PORT === 8080
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  return loadConfig(GatewayEnv, env);
}
