import httpProxy from '@fastify/http-proxy';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '@pustaka/kit/http';
import { createRouteTable } from '@pustaka/kit/platform';
import type { Upstream } from '../config.ts';
import { forwardedHeaders } from './forwarded-headers.ts';
import type { ReplicaSet } from './replica-set.ts';

/** A declared path whose WebSocket upgrades go to the service that declares it. */
export interface SocketMount {
  service: string;
  path: string;
  /** Whether a route the table would mount (`/ws`, `/ws/*`) is this socket's, so it is not mounted twice. */
  covers(url: string): boolean;
}

// A frame larger than this closes the socket; notifications and subscriptions are small.
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * The socket paths (SOCKET_PATHS) that a service's manifest declares as one of its routes: a path
 * nobody declares yet is simply not mounted, and is tunnelled once its service lists it.
 *
 * @example
 *   socketMountsOf(config.upstreams, ['/ws']); // [{ service: 'notify', path: '/ws', ... }] once notify declares '/ws'
 */
export function socketMountsOf(upstreams: readonly Upstream[], paths: readonly string[]): SocketMount[] {
  const table = createRouteTable(upstreams);
  return paths.flatMap((path) => {
    const service = table.ownerOf(path);
    const declared = upstreams.find((upstream) => upstream.name === service)?.routes.includes(path);
    return service && declared ? [{ service, path, covers: (url: string) => url === path || url === `${path}/*` }] : [];
  });
}

/**
 * Tunnels WebSockets on `path` to the upstream's replicas, in turn (@fastify/http-proxy over `ws`).
 * The upgrade request goes through the gateway's hooks like any other (request id, the edge's
 * token check, rate limits), and reaches the upstream with the client's `Authorization`, its
 * query (where a browser, which cannot set headers on a socket, puts its token), and the headers
 * the gateway adds; only the first subprotocol the client offers is passed on.
 */
export async function registerSocketProxy(app: HttpApp, options: { path: string; replicas: ReplicaSet; timeoutMs: number }): Promise<void> {
  const { replicas } = options;
  const upstreamUrl = () => replicas.inTurn()[0]!.url;
  const upstreamHeaders = (headers: Record<string, string>, request: FastifyRequest) =>
    forwardedHeaders(request, { ...headers, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
  await app.register(httpProxy, {
    upstream: '',
    prefix: options.path,
    rewritePrefix: options.path,
    httpMethods: ['GET'],
    // Only GETs here, which have no body: the kit's JSON parser is the only one needed.
    proxyPayloads: false,
    websocket: true,
    disableRequestLogging: true,
    replyOptions: {
      getUpstream: upstreamUrl,
      rewriteRequestHeaders: (request, headers) => forwardedHeaders(request, headers) as typeof headers,
    },
    wsServerOptions: { maxPayload: MAX_FRAME_BYTES },
    wsClientOptions: {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: options.timeoutMs,
      // Not in ws's own options: @fastify/http-proxy's hook for the upstream socket's headers.
      ...({ rewriteRequestHeaders: upstreamHeaders } as object),
    },
  });
}
