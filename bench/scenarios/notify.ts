import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { freePorts } from '@pustaka/kit/testing';
import { startChildServer } from '../lib/child-server.ts';
import { benchMemberId } from '../lib/live-members.ts';
import { startStandInIdentity } from '../lib/stand-in-identity.ts';
import { percentile } from '../lib/stats.ts';

const SERVER = fileURLToPath(new URL('../servers/notify-live.ts', import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_NOTIFY_CONNECTIONS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_NOTIFY_ROUNDS ?? 5);
const TOPIC_SUBSCRIBERS = Math.min(CONNECTIONS, Number(process.env.BENCH_NOTIFY_SUBSCRIBERS ?? 1_000));
const HOLDS = Number(process.env.BENCH_NOTIFY_HOLDS ?? 20);
/** Sockets opened at once while connecting. */
const OPENING = 500;
/** Loopback has ~28,000 ephemeral ports per source address: past that, spread over 127.0.0.x. */
const PER_SOURCE_ADDRESS = 20_000;
const TARGET_P99_MS = 200;
const now = () => performance.timeOrigin + performance.now();

interface BenchClient {
  socket: WebSocket;
  /** Resolves on the next message of a type. */
  next(type: string): Promise<Record<string, unknown>>;
}

/**
 * `npm run bench -- notify`: one notify process (its live side, in-process fan-out, or RabbitMQ
 * when AMQP_URL is set) holding BENCH_NOTIFY_CONNECTIONS WebSockets from this process on loopback,
 * one member each. Measures the server's memory per connection, then rounds of one notification
 * to every member and holds on one event's seat map followed by BENCH_NOTIFY_SUBSCRIBERS sockets:
 * latency from the hand-over to `LiveDelivery` to the client (p50/p99), and messages per second.
 * A skeleton: the latency is from the publish, not yet from the commit of the order or the hold.
 */
export async function notify(): Promise<boolean> {
  const [jwksPort, port] = await freePorts(2);
  const identity = await startStandInIdentity(jwksPort!);
  const server = await startChildServer(
    SERVER,
    { JWKS_URL: identity.jwksUrl, LOG_LEVEL: 'warn', NODE_OPTIONS: '--expose-gc', BENCH_EXCHANGE: `bench.notify.live.${randomUUID()}` },
    { port: port! },
  );
  const clients: BenchClient[] = [];
  try {
    const before = await stats(server.url);
    const latencies: number[] = [];
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
    for (let start = 0; start < CONNECTIONS; start += OPENING) {
      const batch = Array.from({ length: Math.min(OPENING, CONNECTIONS - start) }, (_, k) => start + k);
      clients.push(...(await Promise.all(batch.map(async (n) => openClient(wsUrl, n, await identity.issue('member', benchMemberId(n)), latencies)))));
    }
    const after = await stats(server.url);
    const perConnection = (after.memory.rss - before.memory.rss) / CONNECTIONS;
    const heapPerConnection = (after.memory.heapUsed - before.memory.heapUsed) / CONNECTIONS;
    console.log(`${after.hub.connections} sockets open; server memory per connection: ${kib(perConnection)} RSS, ${kib(heapPerConnection)} heap`);

    const notifications = await measure(latencies, CONNECTIONS * ROUNDS, async () => {
      for (let round = 0; round < ROUNDS; round += 1) await publish(server.url, { kind: 'members', members: CONNECTIONS, round });
    });
    console.log(row(`notifications: ${ROUNDS} rounds to ${CONNECTIONS} members`, notifications));

    const topic = `seats:${randomUUID()}`;
    await Promise.all(
      clients.slice(0, TOPIC_SUBSCRIBERS).map(async (client) => {
        client.socket.send(JSON.stringify({ type: 'subscribe', topic }));
        await client.next('subscribed');
      }),
    );
    const holds = await measure(latencies, TOPIC_SUBSCRIBERS * HOLDS, async () => {
      for (let round = 0; round < HOLDS; round += 1) {
        await publish(server.url, { kind: 'topic', members: 0, round, topic });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    console.log(row(`seat map: ${HOLDS} holds to ${TOPIC_SUBSCRIBERS} subscribers`, holds));
    const pass = notifications.p99 <= TARGET_P99_MS && holds.p99 <= TARGET_P99_MS && notifications.missing === 0 && holds.missing === 0;
    console.log(`p99 target ≤ ${TARGET_P99_MS} ms, nothing missing: ${pass ? 'PASS' : 'FAIL'}`);
    return pass;
  } finally {
    for (const client of clients) client.socket.terminate();
    await server.stop();
    await identity.stop();
  }
}

async function openClient(url: string, n: number, token: string, latencies: number[]): Promise<BenchClient> {
  const localAddress = `127.0.0.${1 + Math.floor(n / PER_SOURCE_ADDRESS)}`;
  const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const sentAt = sentAtOf(message);
    if (sentAt !== undefined) latencies.push(now() - sentAt);
    const type = message.type as string;
    waiting.get(type)?.(message);
    waiting.delete(type);
  });
  const next = (type: string) => new Promise<Record<string, unknown>>((resolve) => waiting.set(type, resolve));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const ready = next('ready');
  socket.send(JSON.stringify({ type: 'auth', token }));
  await ready;
  return { socket, next };
}

function sentAtOf(message: Record<string, unknown>): number | undefined {
  if (message.type === 'notification') return (message.notification as { data: { sentAt: number } }).data.sentAt;
  if (message.type === 'topic') return (message.message as { sentAt: number }).sentAt;
  return undefined;
}

/** Runs `send`, waits (at most a minute) until `expected` more messages arrived, and sums them up. */
async function measure(latencies: number[], expected: number, send: () => Promise<void>) {
  latencies.length = 0;
  const startedAt = now();
  await send();
  const deadline = Date.now() + 60_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (now() - startedAt) / 1000;
  const received = [...latencies];
  return {
    received: received.length,
    missing: expected - received.length,
    perSecond: received.length / seconds,
    p50: percentile(received, 0.5),
    p99: percentile(received, 0.99),
  };
}

async function publish(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/bench/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
}

async function stats(url: string): Promise<{ memory: NodeJS.MemoryUsage; hub: { connections: number } }> {
  return (await (await fetch(`${url}/bench/stats`)).json()) as { memory: NodeJS.MemoryUsage; hub: { connections: number } };
}

function row(what: string, result: Awaited<ReturnType<typeof measure>>): string {
  return `${what.padEnd(48)} p50 ${result.p50.toFixed(1).padStart(6)} ms   p99 ${result.p99.toFixed(1).padStart(6)} ms   ${result.perSecond.toFixed(0).padStart(7)} msg/s   missing ${result.missing}`;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
