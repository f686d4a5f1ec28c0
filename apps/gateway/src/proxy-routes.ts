import replyFrom from '@fastify/reply-from';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@pustaka/kit/errors';
import type { HttpApp } from '@pustaka/kit/http';
import { createRouteTable } from '@pustaka/kit/platform';
import type { Upstream } from '../config.ts';
import { forwardedHeaders } from './forwarded-headers.ts';
import type { Replica, ReplicaSet } from './replica-set.ts';
import { registerSocketProxy, socketMountsOf } from './socket-proxy.ts';
import { isBreakerRejection } from './upstream-breaker.ts';

export interface ProxyOptions {
  upstreams: readonly Upstream[];
  /** Each upstream's replicas and their breakers, by name: shared by all its routes. */
  replicas: ReadonlyMap<string, ReplicaSet>;
  /** Longest wait for an upstream's response headers, and between two chunks of its body. */
  timeoutMs: number;
  /** Declared paths whose WebSocket upgrades are tunnelled (SOCKET_PATHS). */
  socketPaths: readonly string[];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// Hop-by-hop headers describe the upstream's connection to the gateway, not the client's.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];
const READS = new Set(['GET', 'HEAD']);
// The connection failed or broke before any response: a read may be sent again, even to the same replica.
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Mounts the routes every upstream declares (the kit's route table: a pattern such as
 * `/api/books/:id/orders` wins over another upstream's `/api/books/*`), one encapsulated scope per
 * upstream with its own connection pool, balancing across its replicas; the declared paths named
 * in `socketPaths` are tunnelled as WebSockets instead (socket-proxy.ts). Nothing else is
 * proxied: an upstream's `/metrics`, `/healthz` or `/docs` never reach the public.
 *
 * @example
 *   await registerProxyRoutes(app, { upstreams: config.upstreams, replicas, timeoutMs: 10_000, socketPaths: ['/ws'] });
 */
export async function registerProxyRoutes(app: HttpApp, options: ProxyOptions): Promise<void> {
  const mounts = createRouteTable(options.upstreams).mounts();
  const sockets = socketMountsOf(options.upstreams, options.socketPaths);
  for (const upstream of options.upstreams) {
    const replicas = options.replicas.get(upstream.name)!;
    await app.register(async (scope) => {
      // No `base`: each attempt names its replica (`getUpstream`), over one pool per replica.
      await scope.register(replyFrom, {
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
      const own = mounts.filter((mount) => mount.service === upstream.name && !sockets.some((socket) => socket.covers(mount.url)));
      for (const route of own) {
        scope.route({
          method: METHODS,
          url: route.url,
          schema: { hide: true },
          handler: async (request, reply) => {
            await forward(request, reply, replicas);
            return reply;
          },
        });
      }
    });
    for (const socket of sockets.filter((candidate) => candidate.service === upstream.name)) {
      await registerSocketProxy(app, { path: socket.path, replicas, timeoutMs: options.timeoutMs });
    }
  }
}

/**
 * Sends the request to a replica and streams its answer back. A read (GET, HEAD) that got no
 * answer (refused, reset, timed out) is sent once more: to the next replica in turn, or, to an
 * upstream of one replica, again after a broken connection (not after a timeout: it would only
 * wait as long again). A replica whose breaker refused the request was sent nothing (its body
 * not even read), so any request goes on to the next. A write that was tried is never sent again,
 * not even after a refused connection: a retried POST could place an order twice, and undici has
 * consumed its body.
 */
async function forward(request: FastifyRequest, reply: FastifyReply, set: ReplicaSet): Promise<void> {
  const inTurn = set.inTurn();
  const read = READS.has(request.method);
  let clientLeft = false;
  reply.raw.once('close', () => (clientLeft = true));
  let resent = false;
  let failure: unknown;
  let breaker = inTurn[0]!.breaker;
  const candidates = read && inTurn.length === 1 ? [inTurn[0]!, inTurn[0]!] : inTurn;
  for (const [index, replica] of candidates.entries()) {
    if (clientLeft) return;
    const sameAsBefore = index > 0 && replica === candidates[index - 1];
    if (sameAsBefore && !CONNECTION_ERRORS.has(codeOf(failure) ?? '')) break;
    breaker = replica.breaker;
    const outcome = await attempt(request, reply, replica);
    if (outcome.kind === 'answered') return;
    if (outcome.kind === 'refused') throw new AppError('invalid', 'MALFORMED_REQUEST', 'The request path is not allowed', { cause: outcome.error });
    failure = outcome.error;
    if (isBreakerRejection(failure)) continue;
    if (!read || resent) break;
    resent = true;
  }
  // reply-from has logged the failure itself; a breaker rejection is the intended fast path.
  if (isBreakerRejection(failure)) request.log.debug({ upstream: set.name }, 'upstream breaker open: answered without asking');
  throw new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', `The ${set.name} service is unavailable; try again shortly`, {
    retryAfterSeconds: breaker.retryAfterSeconds(),
    extensions: { upstream: set.name },
    cause: failure,
  });
}

type Outcome = { kind: 'answered' } | { kind: 'failed'; error: unknown } | { kind: 'refused'; error: unknown };

/**
 * One try at one replica. What counts against its breaker: only "no answer" (refused, reset,
 * timed out before the response headers). Any status the upstream sends, 4xx or 5xx, is passed
 * through as its answer and counts as a success: the upstream is reachable and decides for itself
 * (orders answers 503 when the catalog is down, yet its other routes work), and opening the
 * gateway's breaker on its answers would block those too.
 */
async function attempt(request: FastifyRequest, reply: FastifyReply, replica: Replica): Promise<Outcome> {
  let refused: unknown;
  try {
    await replica.breaker.run(
      () =>
        new Promise<void>((resolve, reject) => {
          // A client that hangs up first gets neither callback; its leaving says nothing about the upstream.
          reply.raw.once('close', () => resolve());
          try {
            reply.from(undefined, {
              getUpstream: () => replica.url,
              // reply-from's own retries would go to the same replica, and retry a 503 until it hangs.
              retryDelay: () => null,
              // The upstream's span is a child of the gateway's, whatever trace headers the client sent.
              rewriteRequestHeaders: (req, headers) => forwardedHeaders(req, headers) as typeof headers,
              rewriteHeaders: (headers) => {
                const kept = { ...headers };
                for (const name of HOP_BY_HOP) delete kept[name];
                return kept;
              },
              onResponse: (_req, proxied, response) => {
                replica.breaker.sawUp();
                resolve();
                proxied.send(response.stream);
              },
              onError: (_reply, { error }) => reject(error),
            });
          } catch (error) {
            // reply-from refuses some paths (`..` segments, bad escapes) before sending: the client's fault.
            refused = error;
            resolve();
          }
        }),
    );
  } catch (error) {
    return { kind: 'failed', error };
  }
  return refused ? { kind: 'refused', error: refused } : { kind: 'answered' };
}

/** The system or undici code of an error or of what caused it (reply-from wraps the original). */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('FST_')) return code;
  }
  return undefined;
}
