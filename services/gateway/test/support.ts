import type { Logger } from '@pustaka/kit/log';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@pustaka/kit/errors';
import { createHttpServer } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { loadGatewayConfig } from '../config.ts';
import { buildGateway } from '../src/build-gateway.ts';
import type { Gateway } from '../src/build-gateway.ts';
import type { UpstreamName } from '../src/routes-table.ts';

const logger = () => createLogger({ name: 'gateway-test', level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false });

/** What a stand-in upstream saw of one request. */
export interface Seen {
  upstream: UpstreamName;
  method: string;
  url: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface StandInUpstream {
  name: UpstreamName;
  url: string;
  seen: Seen[];
  /** Milliseconds each `/slow` request waits before answering. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A stand-in for a service, on the kit's own HTTP server (so it has the same /readyz, /openapi.json
 * and problem+json) trusting loopback as its proxy, like the services behind the gateway in the
 * cluster. Every other path echoes what arrived; `.../conflict` answers a 409 problem, `.../boom`
 * a 500, `.../busy` a 503 with Retry-After, `.../slow` waits `delayMs`.
 */
export async function startUpstream(name: UpstreamName): Promise<StandInUpstream> {
  const app = await createHttpServer({
    logger: logger(), openapi: { title: name, version: '1' }, bodyLimitBytes: 65_536, requestTimeoutMs: 30_000, trustProxy: 'loopback',
  });
  const standIn: StandInUpstream = { name, url: '', seen: [], delayMs: 0, close: () => app.close() };
  registerEchoRoutes(app, standIn);
  standIn.url = await app.listen({ port: 0, host: '127.0.0.1' });
  return standIn;
}

function registerEchoRoutes(app: HttpApp, standIn: StandInUpstream): void {
  const echo = async (request: FastifyRequest, reply: FastifyReply) => {
    standIn.seen.push({ upstream: standIn.name, method: request.method, url: request.url, ip: request.ip, headers: request.headers, body: request.body });
    if (request.url.endsWith('/conflict')) throw new AppError('conflict', 'OUT_OF_STOCK', 'Not enough copies', { extensions: { lines: [] } });
    if (request.url.endsWith('/boom')) return reply.status(500).send({ oops: true });
    if (request.url.endsWith('/busy')) return reply.status(503).header('retry-after', '1').send({ busy: true });
    if (request.url.endsWith('/slow')) await new Promise((resolve) => setTimeout(resolve, standIn.delayMs));
    reply.header('x-upstream', standIn.name);
    return reply.status(request.method === 'POST' ? 201 : 200).send({ upstream: standIn.name, method: request.method, url: request.url });
  };
  // A documented route per service, so the merged docs have something of each to show.
  const documented = { identity: '/api/auth/login', catalog: '/api/books/:id', orders: '/api/books/:id/orders', ticketing: '/api/events/:id' }[standIn.name];
  app.get(documented, { schema: { tags: [standIn.name], summary: `${standIn.name} route` } }, echo);
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', schema: { hide: true }, handler: echo });
}

export interface GatewayUnderTest {
  gateway: Gateway;
  url: string;
  upstreams: Record<UpstreamName, StandInUpstream>;
  close(): Promise<void>;
}

/** A stand-in for every upstream and a gateway in front of them on free loopback ports. */
export async function startGateway(env: Record<string, string> = {}, gatewayLogger: Logger = logger()): Promise<GatewayUnderTest> {
  const [identity, catalog, orders, ticketing] = await Promise.all((['identity', 'catalog', 'orders', 'ticketing'] as const).map(startUpstream));
  const upstreams = { identity: identity!, catalog: catalog!, orders: orders!, ticketing: ticketing! };
  const config = loadGatewayConfig({
    IDENTITY_URL: identity!.url, CATALOG_URL: catalog!.url, ORDERS_URL: orders!.url, TICKETING_URL: ticketing!.url, LOG_LEVEL: 'silent', ...env,
  });
  const gateway = await buildGateway(config, gatewayLogger);
  const url = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    gateway,
    url,
    upstreams,
    close: async () => {
      await gateway.app.close();
      await Promise.all(Object.values(upstreams).map((upstream) => upstream.close().catch(() => {})));
    },
  };
}
