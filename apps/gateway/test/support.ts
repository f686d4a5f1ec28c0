import type { Logger } from '@pustaka/kit/log';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@pustaka/kit/errors';
import { createHttpServer } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import type { ServiceManifest } from '@pustaka/kit/manifest';
import { createTestTokens } from '@pustaka/kit/testing';
import { services } from '@pustaka/services';
import type { ServiceName } from '@pustaka/services';
import { loadGatewayConfig, upstreamUrlKey } from '../config.ts';
import { buildGateway } from '../src/build-gateway.ts';
import type { Gateway, GatewayOptions } from '../src/build-gateway.ts';

/** Access tokens the stand-in identity's keys verify, as identity's would be. */
export const tokens = await createTestTokens();
const jwks = await (await tokens.service(undefined as never)).jwks!();

const logger = () => createLogger({ name: 'gateway-test', level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false });

/** What a stand-in upstream saw of one request. */
export interface Seen {
  upstream: ServiceName;
  method: string;
  url: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface StandInUpstream {
  name: ServiceName;
  url: string;
  seen: Seen[];
  /** Milliseconds each `/slow` request waits before answering. */
  delayMs: number;
  /** Whether it breaks each connection on a request, without an answer (a crash mid-request). */
  drops: boolean;
  close(): Promise<void>;
}

/**
 * A stand-in for a service, on the kit's own HTTP server (so it has the same /readyz, /openapi.json
 * and problem+json) trusting loopback as its proxy, like the services behind the gateway in the
 * cluster. Every other path echoes what arrived; `.../conflict` answers a 409 problem, `.../boom`
 * a 500, `.../busy` a 503 with Retry-After, `.../slow` waits `delayMs`; while `drops` is set it breaks
 * the connection of each request without an answer. The stand-in identity publishes the keys of `tokens`.
 */
export async function startUpstream(name: ServiceName, port = 0): Promise<StandInUpstream> {
  const app = await createHttpServer({
    logger: logger(),
    openapi: { title: name, version: '1' },
    bodyLimitBytes: 65_536,
    requestTimeoutMs: 30_000,
    trustProxy: 'loopback',
  });
  const standIn: StandInUpstream = { name, url: '', seen: [], delayMs: 0, drops: false, close: () => app.close() };
  registerEchoRoutes(app, standIn);
  standIn.url = await app.listen({ port, host: '127.0.0.1' });
  return standIn;
}

const DOCUMENTED: Partial<Record<ServiceName, string>> = {
  identity: '/api/auth/login',
  catalog: '/api/books/:id',
  orders: '/api/books/:id/orders',
  ticketing: '/api/events/:id',
};

function registerEchoRoutes(app: HttpApp, standIn: StandInUpstream): void {
  const echo = async (request: FastifyRequest, reply: FastifyReply) => {
    standIn.seen.push({ upstream: standIn.name, method: request.method, url: request.url, ip: request.ip, headers: request.headers, body: request.body });
    if (request.url.endsWith('/conflict')) throw new AppError('conflict', 'OUT_OF_STOCK', 'Not enough copies', { extensions: { lines: [] } });
    if (request.url.endsWith('/boom')) return reply.status(500).send({ oops: true });
    if (request.url.endsWith('/busy')) return reply.status(503).header('retry-after', '1').send({ busy: true });
    if (request.url.endsWith('/slow')) await new Promise((resolve) => setTimeout(resolve, standIn.delayMs));
    if (standIn.drops) return void request.raw.socket.destroy();
    reply.header('x-upstream', standIn.name);
    const keys = request.url === '/.well-known/jwks.json' ? jwks : {};
    return reply.status(request.method === 'POST' ? 201 : 200).send({ ...keys, upstream: standIn.name, method: request.method, url: request.url });
  };
  // A documented route per service, so the merged docs have something of each to show (the tests
  // look for these; a service added later documents a path under its first prefix).
  const { routes } = services.find((service) => service.name === standIn.name)!.http;
  const documented = DOCUMENTED[standIn.name] ?? `${routes[0]}/:id`;
  app.get(documented, { schema: { tags: [standIn.name], summary: `${standIn.name} route` } }, echo);
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', schema: { hide: true }, handler: echo });
}

export interface GatewayUnderTest {
  gateway: Gateway;
  url: string;
  upstreams: Record<ServiceName, StandInUpstream>;
  close(): Promise<void>;
}

/**
 * A stand-in for every service of the list and a gateway in front of them, on free loopback ports.
 * `options.services` replaces the list the gateway reads (a manifest declaring a path it does not
 * yet); `env` wins over the stand-ins' addresses.
 */
export async function startGateway(
  env: Record<string, string> = {},
  gatewayLogger: Logger = logger(),
  options: GatewayOptions & { services?: readonly ServiceManifest[] } = {},
): Promise<GatewayUnderTest> {
  const standIns = await Promise.all(services.map((service) => startUpstream(service.name)));
  const upstreams = Object.fromEntries(standIns.map((standIn) => [standIn.name, standIn])) as Record<ServiceName, StandInUpstream>;
  const { services: list = services, ...gatewayOptions } = options;
  const config = loadGatewayConfig(
    {
      ...Object.fromEntries(standIns.map((standIn) => [upstreamUrlKey(standIn.name), standIn.url])),
      LOG_LEVEL: 'silent',
      ...env,
    },
    list,
  );
  const gateway = await buildGateway(config, gatewayLogger, gatewayOptions);
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
