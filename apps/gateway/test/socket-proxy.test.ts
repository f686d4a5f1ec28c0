import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { services } from '@pustaka/services';
import { CALLER_ID_HEADER } from '../src/forwarded-headers.ts';
import { startGateway, tokens } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

/** A stand-in for notify's socket: says what it saw of the upgrade, then echoes each message. */
async function startSocketUpstream() {
  const server = http.createServer((_request, response) => response.writeHead(426, { 'content-type': 'text/plain' }).end('upgrade required'));
  const sockets = new WebSocketServer({ server });
  const upgrades: { url: string; headers: IncomingHttpHeaders }[] = [];
  sockets.on('connection', (socket, request) => {
    upgrades.push({ url: request.url!, headers: request.headers });
    socket.send(JSON.stringify({ hello: request.url }));
    socket.on('message', (data) => socket.send(`echo:${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    upgrades,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The service list with notify declaring its socket, whether or not its manifest does yet. */
const withSocket = services.map((service) =>
  service.name === 'notify' && !service.http.routes.includes('/ws')
    ? { ...service, http: { ...service.http, routes: [...service.http.routes, '/ws'] } }
    : service,
);

/** Opens a socket and collects its first `count` messages, or how its upgrade was refused. */
function openSocket(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const messages: string[] = [];
  socket.on('message', (data) => messages.push(String(data)));
  const opened = new Promise<'open' | number>((resolve, reject) => {
    socket.once('open', () => resolve('open'));
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
  const nextMessages = async (count: number) => {
    const deadline = Date.now() + 5_000;
    while (messages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return messages.slice(0, count);
  };
  return { socket, opened, nextMessages };
}

describe('WebSockets through the gateway', () => {
  let upstream: Awaited<ReturnType<typeof startSocketUpstream>>;
  let sut: GatewayUnderTest;
  let wsBase: string;

  beforeAll(async () => {
    upstream = await startSocketUpstream();
    sut = await startGateway({ NOTIFY_URL: upstream.url }, undefined, { services: withSocket });
    wsBase = sut.url.replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await sut?.close();
    await upstream?.close();
  });

  it("tunnels /ws to notify both ways, with the query, the token and the verified caller, not a client's made-up one", async () => {
    const userId = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
    const token = await tokens.issue({ role: 'member', userId });
    const client = openSocket(`${wsBase}/ws?since=42`, { authorization: `Bearer ${token}`, [CALLER_ID_HEADER]: 'someone-else' });
    expect(await client.opened).toBe('open');
    client.socket.send('ping-1');
    expect(await client.nextMessages(2)).toEqual([JSON.stringify({ hello: '/ws?since=42' }), 'echo:ping-1']);
    const seen = upstream.upgrades.at(-1)!.headers;
    expect(seen.authorization).toBe(`Bearer ${token}`);
    expect(seen[CALLER_ID_HEADER]).toBe(userId);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-request-id']).toMatch(/^[\w-]{36}$/);
    client.socket.close();
  });

  it('lets a browser socket through without a header token (the service checks what it sends)', async () => {
    const client = openSocket(`${wsBase}/ws`);
    expect(await client.opened).toBe('open');
    // The gateway opens its socket to notify once the client's is open: notify's hello says it has.
    expect(await client.nextMessages(1)).toEqual([JSON.stringify({ hello: '/ws' })]);
    expect(upstream.upgrades.at(-1)!.headers[CALLER_ID_HEADER]).toBeUndefined();
    client.socket.close();
  });

  it('passes a plain GET of the socket path through as HTTP, for the service to answer', async () => {
    const response = await fetch(`${sut.url}/ws`);
    expect(response.status).toBe(426);
    expect(await response.text()).toBe('upgrade required');
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
  });

  it('refuses the upgrade of a bad or expired token at the edge, before notify hears of it', async () => {
    const before = upstream.upgrades.length;
    const expired = await tokens.issue({ role: 'member', expiresInSeconds: -5 });
    expect(await openSocket(`${wsBase}/ws`, { authorization: `Bearer ${expired}` }).opened).toBe(401);
    expect(await openSocket(`${wsBase}/ws`, { authorization: 'Bearer not.a.token' }).opened).toBe(401);
    expect(upstream.upgrades.length).toBe(before);
  });
});

describe('a socket path no manifest declares', () => {
  it('is not tunnelled anywhere', async () => {
    const upstream = await startSocketUpstream();
    const notDeclared = services.map((service) =>
      service.name === 'notify' ? { ...service, http: { ...service.http, routes: ['/api/notifications'] } } : service,
    );
    const sut = await startGateway({ NOTIFY_URL: upstream.url }, undefined, { services: notDeclared });
    try {
      expect(await openSocket(`${sut.url.replace(/^http/, 'ws')}/ws`).opened).toBe(404);
      expect(upstream.upgrades).toEqual([]);
    } finally {
      await sut.close();
      await upstream.close();
    }
  });
});

describe('socket upgrades under the rate limit', () => {
  it('counts each upgrade against the budget like any request', async () => {
    const upstream = await startSocketUpstream();
    const sut = await startGateway({ NOTIFY_URL: upstream.url, RATE_LIMIT_PER_MINUTE: '1' }, undefined, { services: withSocket });
    try {
      const wsBase = sut.url.replace(/^http/, 'ws');
      const first = openSocket(`${wsBase}/ws`);
      expect(await first.opened).toBe('open');
      expect(await openSocket(`${wsBase}/ws`).opened).toBe(429);
      first.socket.close();
    } finally {
      await sut.close();
      await upstream.close();
    }
  });
});
