import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { registerErrorHandling, sendProblem, toProblem } from './error-handler.ts';
import { createValidatorCompiler } from './validation.ts';
import { answerClientError } from './client-errors.ts';
import { parseJsonBody } from './json-body.ts';
import { registerHealthRoutes } from './health.ts';
import { RequestLog } from './request-log.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerOpenApi } from './openapi.ts';
import { measureRequests } from './http-metrics.ts';
import { acceptRequestId, REQUEST_ID_HEADER } from '../request-id/request-id.ts';
import { traceHttpRequests } from '../tracing/http-tracing.ts';
import type { OpenApiInfo } from './openapi.ts';
import type { HttpApp, ReadinessCheck } from './http-app.ts';

export interface HttpServerOptions {
  logger: Logger;
  openapi: OpenApiInfo;
  /** Largest accepted body; a larger one gets 413. */
  bodyLimitBytes: number;
  /** Longest a request may take from its first byte to the response. */
  requestTimeoutMs: number;
  /** Proxies whose X-Forwarded-For is believed (Fastify `trustProxy`): `loopback`, `10.0.0.0/8`, ... */
  trustProxy?: string | undefined;
  /** Path prefixes whose rest is a credential (a calendar feed's token): request logs show `<prefix>[redacted]`. */
  secretPaths?: readonly string[];
}

const HEADERS_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
// Node checks the request and header timeouts on a timer (every 30 s by default), so a slow client
// could hold a request up to 30 s past them; checked every second, the limits are what they say.
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The Fastify server every service uses: request ids, trace context (a server span per request),
 * logs, strict validation, problem+json errors, body and time limits, health routes, OpenAPI, security headers and request metrics (served on a port of their own: runServer). Services then register their routes.
 *
 * @example
 *   const app = await createHttpServer({ logger, openapi: { title: 'catalog', version: '1' }, bodyLimitBytes: 65536, requestTimeoutMs: 30000 });
 *   await app.register(catalogRoutes, { prefix: '/api' });
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpApp> {
  const app: HttpApp = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new RequestLog({ requestIdLogLabel: 'requestId' }, options.secretPaths ?? []),
    requestIdHeader: false,
    genReqId: acceptOrCreateRequestId,
    bodyLimit: options.bodyLimitBytes,
    // Slow clients must not hold sockets forever: bound the whole request, idle sockets and keep-alive.
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: options.requestTimeoutMs * 2,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    return503OnClosing: true,
    // Fastify's 10 s per plugin counts from the plugin's start, while the platform migrates and
    // seeds every service: on a loaded machine (a CI run, a small VM starting everything at once) a
    // healthy start failed with "Plugin did not start in time". A stuck start still fails, later.
    pluginTimeout: 120_000,
    http: { connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // A malformed or overlong URL fails before routing; without this Fastify answers in its own JSON.
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, toProblem(error, request));
    },
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  // Bodies are JSON, or nothing: text/plain (Fastify's other default) would reach routes as a string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  app.server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, options.requestTimeoutMs);
  // First, so every later hook (auth included) already runs in the request's span and request id.
  traceHttpRequests(app);

  app.decorate('readinessChecks', new Map<string, ReadinessCheck>());
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  registerErrorHandling(app);
  await registerOpenApi(app, options.openapi);
  registerSecurityHeaders(app);
  registerHealthRoutes(app);
  measureRequests(app);
  return app;
}

function acceptOrCreateRequestId(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return acceptRequestId(typeof given === 'string' ? given : undefined);
}
