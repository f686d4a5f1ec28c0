import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
// For `request.caller`, which the auth hook (installed before this) has set from a verified token.
import type {} from '../auth/auth-plugin.ts';
import type { HttpApp } from '../http/http-app.ts';

/** A set of routes with a budget of its own. */
export type RateLimitGroup = 'api' | 'auth';

export interface EdgeRateLimitOptions {
  /** Requests per window of a member (signed in) or an address (anonymous), on the API. */
  perWindow: number;
  /** Sign-in, sign-up and refresh per address per window. */
  authPerWindow: number;
  windowMs: number;
  /** Counts live in Redis when given, so every replica sees the same totals; else in this process. */
  redisUrl?: string | undefined;
  /** Start of every Redis key (tests: one of their own). */
  keyPrefix?: string;
  /**
   * Requests not counted: the web app's server-side rendering calls the API for a page that was
   * counted already, from this process's own address.
   */
  exempt?: (request: FastifyRequest) => boolean;
}

/**
 * The requests that try a password or mint a session without a member to count them against.
 * Keyed by address even when a token is attached: a guesser's own valid token must not buy them a
 * fresh budget.
 */
const AUTH_PATHS = new Set(['/api/auth/login', '/api/auth/register', '/api/auth/refresh']);

/**
 * The group of a request, from its path as the router would match it (decoded, without trailing or
 * doubled slashes), so `/api/auth/login/` or `/api/auth/%6cogin` is not a way around the stricter budget.
 *
 * @example
 *   rateLimitGroupOf('/api/auth/login?x=1'); // 'auth'
 *   rateLimitGroupOf('/api/books');          // 'api'
 */
export function rateLimitGroupOf(url: string): RateLimitGroup {
  let path = url.split('?', 1)[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // A path that does not decode is refused by the router anyway.
  }
  path = path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return AUTH_PATHS.has(path) ? 'auth' : 'api';
}

/**
 * Who a request is counted against: the verified caller's subject (so members behind one address,
 * a campus, each have their own budget; a forged or expired token never gets this far, the auth
 * hook has answered 401), else the client address (`request.ip`, an IPv6 one by its /64: the socket's peer unless
 * TRUST_PROXY names the proxy in front). Auth routes always count by address.
 */
function keyOf(request: FastifyRequest): string {
  const group = rateLimitGroupOf(request.url);
  const caller = group === 'auth' ? null : request.caller;
  return caller ? `${group}:member:${caller.id}` : `${group}:address:${normalizeIP(request.ip)}`;
}

/**
 * The edge's rate limits on every route registered after it (the API, not probes or docs), in
 * Redis when `redisUrl` is given and in memory otherwise; install after the auth hook. Over budget:
 * 429 RATE_LIMITED (problem+json, by the kit's error handler) with `Retry-After`; every limited
 * answer carries the IETF draft's `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
 * Redis down lets requests through (`skipOnError`): better unlimited for a while than closed.
 *
 * @example
 *   installAuth(app, verifier);
 *   await registerEdgeRateLimit(app, { perWindow: 600, authPerWindow: 30, windowMs: 60_000, redisUrl });
 */
export async function registerEdgeRateLimit(app: HttpApp, options: EdgeRateLimitOptions): Promise<void> {
  // Auto-pipelining: the counts of requests arriving together go to Redis in one write, not one each.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true })
    : undefined;
  // ioredis retries in the background; commands fail meanwhile and `skipOnError` lets them pass.
  redis?.on('error', () => {});
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    keyGenerator: keyOf,
    max: (_request, key) => (key.startsWith('auth:') ? options.authPerWindow : options.perWindow),
    timeWindow: options.windowMs,
    enableDraftSpec: true,
    ...(options.exempt ? { allowList: options.exempt } : {}),
    ...(redis ? { redis, nameSpace: options.keyPrefix ?? 'pustaka:rate:' } : {}),
    skipOnError: true,
  });
  if (redis)
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
}
