import replyFrom from '@fastify/reply-from';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@pustaka/kit/errors';
import type { HttpApp } from '@pustaka/kit/http';
import { createRouteTable } from '@pustaka/kit/platform';
import { injectTraceHeaders, traceContextOf } from '@pustaka/kit/tracing';
import type { Upstream } from '../config.ts';
import { isBreakerRejection } from './upstream-breaker.ts';
import type { UpstreamBreaker } from './upstream-breaker.ts';

export interface ProxyOptions {
  upstreams: readonly Upstream[];
  /** One per upstream, by name: shared by all its routes. */
  breakers: ReadonlyMap<string, UpstreamBreaker>;
  /** Longest wait for an upstream's response headers, and between two chunks of its body. */
  timeoutMs: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// Hop-by-hop headers describe the upstream's connection to the gateway, not the client's.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

/**
 * Mounts the routes every upstream declares (the kit's route table: a pattern such as
 * `/api/books/:id/orders` wins over another upstream's `/api/books/*`), one encapsulated scope per
 * upstream with its own connection pool and circuit breaker. Nothing else is proxied: an
 * upstream's `/metrics`, `/healthz` or `/docs` never reach the public.
 *
 * @example
 *   await registerProxyRoutes(app, { upstreams: config.upstreams, breakers, timeoutMs: 10_000 });
 */
export async function registerProxyRoutes(app: HttpApp, options: ProxyOptions): Promise<void> {
  const mounts = createRouteTable(options.upstreams).mounts();
  for (const upstream of options.upstreams) {
    const breaker = options.breakers.get(upstream.name)!;
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        base: upstream.url,
        disableRequestLogging: true,
        destroyAgent: true,
        undici: {
          connections: 128,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          connect: { timeout: Math.min(options.timeoutMs, 5_000) },
          // Below the services' own 5 s keep-alive, so the gateway never reuses a socket they are closing.
          keepAliveTimeout: 4_000,
          keepAliveMaxTimeout: 4_000,
        },
      });
      // Bodies stream through untouched (bytes, size limits and errors are the upstream's business).
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      for (const route of mounts.filter((mount) => mount.service === upstream.name)) {
        scope.route({
          method: METHODS,
          url: route.url,
          schema: { hide: true },
          handler: async (request, reply) => {
            await forward(request, reply, upstream.name, breaker);
            return reply;
          },
        });
      }
    });
  }
}

/**
 * What counts against the breaker: only "no answer" (refused, reset, timed out before the response
 * headers). Any status the upstream sends, 4xx or 5xx, is passed through as its answer and counts
 * as a success: the upstream is reachable and decides for itself (orders answers 503 when the
 * catalog is down, yet its other routes work), and opening the gateway's breaker on its answers
 * would block those too.
 */
async function forward(request: FastifyRequest, reply: FastifyReply, upstream: string, breaker: UpstreamBreaker): Promise<void> {
  let rejectedRequest: unknown;
  try {
    await breaker.run(
      () =>
        new Promise<void>((resolve, reject) => {
          // A client that hangs up first gets neither callback; its leaving says nothing about the upstream.
          reply.raw.once('close', () => resolve());
          try {
            reply.from(undefined, {
              // Never retry: a retried POST could place an order twice, and a retry on 503 would hang.
              retryDelay: () => null,
              // The upstream's span is a child of the gateway's, whatever trace headers the client sent.
              rewriteRequestHeaders: (req, headers) =>
                injectTraceHeaders(
                  {
                    ...headers,
                    'x-request-id': req.id,
                    // Replaced, not appended: a client could put any address in what it sends.
                    'x-forwarded-for': req.ip,
                    'x-forwarded-proto': req.protocol,
                    'x-forwarded-host': req.host,
                  },
                  traceContextOf(req),
                ),
              rewriteHeaders: (headers) => {
                const kept = { ...headers };
                for (const name of HOP_BY_HOP) delete kept[name];
                return kept;
              },
              onResponse: (_req, proxied, response) => {
                breaker.sawUp();
                resolve();
                proxied.send(response.stream);
              },
              onError: (_reply, { error }) => reject(error),
            });
          } catch (error) {
            // reply-from refuses some paths (`..` segments, bad escapes) before sending: the client's fault.
            rejectedRequest = error;
            resolve();
          }
        }),
    );
  } catch (error) {
    // reply-from has logged the failure itself; a breaker rejection is the intended fast path.
    if (isBreakerRejection(error)) request.log.debug({ upstream }, 'upstream breaker open: answered without asking');
    throw new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', `The ${upstream} service is unavailable; try again shortly`, {
      retryAfterSeconds: breaker.retryAfterSeconds(),
      extensions: { upstream },
      cause: error,
    });
  }
  if (rejectedRequest) throw new AppError('invalid', 'MALFORMED_REQUEST', 'The request path is not allowed', { cause: rejectedRequest });
}
