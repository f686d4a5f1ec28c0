import { Type } from 'typebox';

/** Environment keys every HTTP service reads. */
export const HttpEnv = {
  HOST: Type.String({ default: '0.0.0.0' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  // Unset: pretty at a terminal, JSON lines otherwise (what log shippers read).
  LOG_PRETTY: Type.Optional(Type.Boolean()),
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 65_536 }),
  HTTP_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 30_000 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  // Only behind a proxy you run (the gateway): its addresses or CIDRs (`loopback`, `10.0.0.0/8`), whose
  // X-Forwarded-For is believed so `request.ip` is the client's. Unset: the socket's peer, unspoofable.
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  // OpenTelemetry's standard variable: spans go to `<url>/v1/traces` over OTLP/HTTP. Unset: trace
  // ids are still made and propagated (logs, headers, events), nothing is exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  // Prometheus metrics are served on a listener of their own, never on the public port. Loopback by
  // default; `0.0.0.0` in a container whose Prometheus scrapes it. Port default: the HTTP port + 6000.
  METRICS_HOST: Type.String({ default: '127.0.0.1' }),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
  // Where members reach the platform (the gateway's public address, e.g. `https://shop.example.com`):
  // every absolute link (calendar feeds, .ics files, notifications) is built from it, never from a
  // request's Host header, which the client chooses. Unset: this process's own address on localhost.
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*)?$', maxLength: 200 })),
};

/** Environment keys for storage: PostgreSQL when `DATABASE_URL` is set, embedded PGlite otherwise. */
export const StorageEnv = {
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DATA_DIR: Type.String({ default: './data' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
};

/** Environment keys for verifying access tokens. */
export const AuthEnv = {
  JWT_ISSUER: Type.String({ default: 'pustaka' }),
  JWT_AUDIENCE: Type.String({ default: 'pustaka' }),
};

/**
 * Environment keys for the platform's edge rate limits (the gateway, and the embedded app, which
 * has no gateway in front of it). Each budget is per member for a signed-in request (the verified
 * token's subject) and per client address otherwise, counted over `RATE_LIMIT_WINDOW_MS`.
 */
export const RateLimitEnv = {
  // Requests to the API per member, or per address when anonymous, per window.
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  // Sign-in, sign-up and refresh per address per window, whoever is signed in: slows password
  // guessing before identity's own throttles (per account and address) are even reached.
  RATE_LIMIT_AUTH_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  // The window each budget is counted over; a minute, shortened only by tests.
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
};
