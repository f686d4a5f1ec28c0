import { createHttpServer } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { Logger } from '@pustaka/kit/log';
import { registerTracing } from '@pustaka/kit/tracing';
import type { GatewayConfig } from '../config.ts';
import { createApiDocs } from './api-docs.ts';
import type { OpenApiDocument } from './api-docs.ts';
import { registerProxyRoutes } from './proxy-routes.ts';
import { registerRateLimit } from './rate-limit.ts';
import { createUpstreamBreaker } from './upstream-breaker.ts';
import type { UpstreamBreaker } from './upstream-breaker.ts';

export type { GatewayConfig, Upstream } from '../config.ts';

export interface Gateway {
  app: HttpApp;
  /** Each upstream's breaker, by the upstream's name. */
  breakers: ReadonlyMap<string, UpstreamBreaker>;
}

const READY_TIMEOUT_MS = 1_500;
const DOC_ROUTES = new Set(['/openapi.json', '/docs/json', '/docs/yaml']);

/**
 * The cluster's single entry: the kit's HTTP server (request ids, a span per request, problem+json,
 * /healthz, /metrics of the gateway itself) with a rate limit, the proxied API of every service,
 * their merged API docs at /docs and /openapi.json, and a /readyz that passes only when every
 * upstream's does (naming each upstream's outcome). An upstream's breaker only counts failures
 * once the upstream has been seen up, so a service still starting is not taken for a failing one.
 *
 * @example
 *   const { app } = await buildGateway(loadGatewayConfig(), logger);
 *   await runServer(app, { port: 8080, host: '0.0.0.0', graceMs: 10_000 });
 */
export async function buildGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
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

  const docs = createApiDocs({ upstreams, own: () => app.swagger() as OpenApiDocument, logger, refreshMs: config.OPENAPI_REFRESH_MS });
  // The kit's swagger describes this process's routes only; the gateway answers with everyone's.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && DOC_ROUTES.has(request.routeOptions.url ?? '')) return reply.send(await docs.document());
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));

  const breakers = new Map(
    upstreams.map((upstream) => [upstream.name, createUpstreamBreaker({ upstream: upstream.name, resetTimeoutMs: config.UPSTREAM_BREAKER_RESET_MS, logger })]),
  );
  for (const upstream of upstreams) {
    app.readinessChecks.set(upstream.name, async () => {
      const response = await fetch(`${upstream.url}/readyz`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${upstream.name} is not ready (${response.status})`);
      breakers.get(upstream.name)!.sawUp();
    });
  }

  await registerRateLimit(app, { perMinute: config.RATE_LIMIT_PER_MINUTE, redisUrl: config.REDIS_URL });
  await registerProxyRoutes(app, { upstreams, breakers, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  app.addHook('onClose', async () => {
    for (const breaker of breakers.values()) breaker.close();
    await tracing.flush();
  });
  await app.ready();
  return { app, breakers };
}
