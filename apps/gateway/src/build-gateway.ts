import { createTokenVerifier, installAuth } from '@pustaka/kit/auth';
import { openCache } from '@pustaka/kit/cache';
import type { Cache } from '@pustaka/kit/cache';
import { createHttpServer } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { Logger } from '@pustaka/kit/log';
import type { WebRenderer } from '@pustaka/web';
import type { FastifyRequest } from 'fastify';
import { registerEdgeRateLimit } from '@pustaka/kit/platform';
import { registerTracing } from '@pustaka/kit/tracing';
import type { GatewayConfig } from '../config.ts';
import { createApiDocs } from './api-docs.ts';
import type { OpenApiDocument } from './api-docs.ts';
import { registerCors } from './cors.ts';
import { replicaJwksSource } from './replica-jwks.ts';
import { registerProxyRoutes } from './proxy-routes.ts';
import { createReplicaSet } from './replica-set.ts';
import type { ReplicaSet } from './replica-set.ts';

export type { GatewayConfig, Upstream } from '../config.ts';

export interface Gateway {
  app: HttpApp;
  /** Each upstream's replicas and their breakers, by the upstream's name. */
  replicas: ReadonlyMap<string, ReplicaSet>;
}

export interface GatewayOptions {
  /** Where revocations are read (tests); default: REDIS_URL's, the one identity writes, else this process's own. */
  cache?: Cache;
  /** Start of the rate-limit counters' Redis keys (tests: one of their own). */
  rateLimitKeyPrefix?: string;
  /** The web app at `/` and every page path (built by `ensureWebBuild`); without it `/` opens the API explorer. */
  web?: WebRenderer;
}

const READY_TIMEOUT_MS = 1_500;
const DOC_ROUTES = new Set(['/openapi.json', '/docs/json', '/docs/yaml']);

/**
 * The cluster's single entry: the kit's HTTP server (request ids, a span per request, problem+json,
 * /healthz, /metrics of the gateway itself) with CORS for the configured origins, the token check
 * of the edge (a bad, expired or revoked token is answered 401 here; the services check again),
 * rate limits per member or address, the proxied API of every service balanced across its
 * replicas, WebSockets on the socket paths, their merged API docs at /docs and /openapi.json, and
 * a /readyz that passes only when every upstream's does (naming each upstream's outcome), and the
 * web app at every other path when it is given. A
 * replica's breaker only counts failures once the replica has been seen up, so a service still
 * starting is not taken for a failing one.
 *
 * @example
 *   const { app } = await buildGateway(loadGatewayConfig(), logger);
 *   await runServer(app, { port: 8080, host: '0.0.0.0', graceMs: 10_000 });
 */
export async function buildGateway(config: GatewayConfig, logger: Logger, options: GatewayOptions = {}): Promise<Gateway> {
  const { upstreams } = config;
  const tracing = await registerTracing({ serviceName: 'gateway', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const app = await createHttpServer({
    logger,
    openapi: { title: 'Pustaka', version: '0.1.0', description: 'A bookshop that also runs events: every service of the platform, one API.' },
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    trustProxy: config.TRUST_PROXY,
    secretPaths: upstreams.flatMap((upstream) => upstream.secretPaths),
  });
  // First of the hooks: a preflight is answered before any token check or rate limit.
  await registerCors(app, { origins: config.CORS_ORIGINS, maxAgeSeconds: config.CORS_MAX_AGE_SECONDS });

  const cache = options.cache ?? openCache({ url: config.REDIS_URL });
  installAuth(
    app,
    createTokenVerifier({
      jwks: replicaJwksSource(config.JWKS_URL ? [config.JWKS_URL] : jwksUrlsOf(config)),
      authCache: cache.securityScope('auth'),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
  );

  const docs = createApiDocs({ upstreams, own: () => app.swagger() as OpenApiDocument, logger, refreshMs: config.OPENAPI_REFRESH_MS });
  // The kit's swagger describes this process's routes only; the gateway answers with everyone's.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && DOC_ROUTES.has(request.routeOptions.url ?? '')) return reply.send(await docs.document());
  });
  if (!options.web) app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));

  const replicas = new Map(
    upstreams.map((upstream) => [upstream.name, createReplicaSet(upstream, { resetTimeoutMs: config.UPSTREAM_BREAKER_RESET_MS, logger })]),
  );
  for (const set of replicas.values()) app.readinessChecks.set(set.name, () => anyReplicaReady(set));

  await registerEdgeRateLimit(app, {
    perWindow: config.RATE_LIMIT_PER_MINUTE,
    authPerWindow: config.RATE_LIMIT_AUTH_PER_MINUTE,
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    redisUrl: config.REDIS_URL,
    ...(options.rateLimitKeyPrefix ? { keyPrefix: options.rateLimitKeyPrefix } : {}),
    ...(options.web ? { exempt: (request: FastifyRequest) => options.web!.isOwnRequest(request) } : {}),
  });
  await registerProxyRoutes(app, {
    upstreams,
    replicas,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    socketPaths: config.SOCKET_PATHS.split(',').filter(Boolean),
  });
  // Last: the pages take every path the API, the docs and the probes do not.
  await options.web?.mount(app);
  app.addHook('onClose', async () => {
    for (const set of replicas.values()) set.close();
    if (!options.cache) await cache.close();
    await tracing.flush();
  });
  await app.ready();
  return { app, replicas };
}

/** Identity's keys behind each replica of the service that signs tokens. */
function jwksUrlsOf(config: GatewayConfig): string[] {
  const signer = config.upstreams.find((upstream) => upstream.signsTokens);
  return (signer?.replicas ?? []).map((url) => `${url}/.well-known/jwks.json`);
}

/** Ready while one of its replicas is: each replica's readiness also tells its breaker it is up. */
async function anyReplicaReady(set: ReplicaSet): Promise<void> {
  const outcomes = await Promise.allSettled(
    set.replicas.map(async (replica) => {
      const response = await fetch(`${replica.url}/readyz`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${set.name} at ${replica.url} is not ready (${response.status})`);
      replica.breaker.sawUp();
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (outcomes.every((outcome) => outcome.status === 'rejected')) throw (failed as PromiseRejectedResult).reason;
}
