import cors from '@fastify/cors';
import type { HttpApp } from '@pustaka/kit/http';

export interface CorsOptions {
  /** Comma-separated origins (CORS_ORIGINS); empty: no cross-origin calls at all. */
  origins: string;
  /** How long a browser may reuse a preflight's answer. */
  maxAgeSeconds: number;
}

// What the web app sends: its bearer token, JSON bodies, a retry's idempotency key, a request id.
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id'];
// What it must be able to read: the limits it is under, when to retry, where a created thing is.
const EXPOSED_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id', 'location'];

/**
 * Lets browsers on the configured origins call the API; any other origin gets no CORS headers at
 * all, so its browser refuses the answer. No credentials mode: the web app sends its access token
 * as a bearer header and its refresh token in the body (identity sets no cookies), so cookies
 * never need to cross origins. A preflight is answered here, before the token check and rate
 * limits, and cached by the browser for `maxAgeSeconds`.
 *
 * @example
 *   await registerCors(app, { origins: 'https://shop.example.com', maxAgeSeconds: 600 });
 */
export async function registerCors(app: HttpApp, options: CorsOptions): Promise<void> {
  const allowed = new Set(options.origins.split(',').filter(Boolean));
  if (allowed.size === 0) return;
  await app.register(cors, {
    // `false` for others: neither headers nor a preflight answer, the request goes on as any other.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: options.maxAgeSeconds,
    strictPreflight: false,
  });
}
