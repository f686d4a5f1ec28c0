import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { newBook } from '@pustaka/catalog/testing';
import { signInEachRole } from '@pustaka/identity/testing';
import { clusterOptionsFromEnv } from '../config.ts';
import { freeClusterPorts } from '../src/free-cluster-ports.ts';
import { dropDatabases, startCluster } from '../src/start-cluster.ts';
import type { Cluster } from '../src/start-cluster.ts';
import { separateRedisDatabase, uniquePrefix } from './support.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');
const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.com`, password: 'a long admin passphrase' };

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service'>> }>;
  }>;
}

/** An OTLP/HTTP receiver of the test's own: every span every process of the cluster exports. */
function startCollector() {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as OtlpExport;
      for (const resource of body.resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spans.push({ ...span, service });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans };
}

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('one trace across the cluster (real PostgreSQL, Redis and RabbitMQ)', () => {
  const collector = startCollector();
  let cluster: Cluster;
  let api: HttpClient;

  beforeAll(async () => {
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.server.address() as AddressInfo).port}`;
    const traced = { LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
    cluster = await startCluster({
      ...clusterOptionsFromEnv({}),
      host: '127.0.0.1',
      ports: await freeClusterPorts(),
      postgresUrl: postgresUrl!,
      redisUrl: separateRedisDatabase(redisUrl!, 10),
      amqpUrl: amqpUrl!,
      databasePrefix: uniquePrefix(),
      stopGraceMs: 5_000,
      env: {
        identity: { ...traced, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000' },
        catalog: { ...traced, SEED_DEMO: 'false' },
        orders: traced,
        ticketing: traced,
        discovery: traced,
        analytics: traced,
        notify: traced,
        gateway: { ...traced, RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '100000' },
      },
      onLine: () => {},
    });
    api = httpClient(cluster.urls.gateway);
  });

  afterAll(async () => {
    await cluster?.stop();
    if (cluster)
      await dropDatabases(
        postgresUrl!,
        Object.values(cluster.databases).map((database) => database.name),
      );
    await new Promise<void>((resolve) => collector.server.close(() => resolve()));
  });

  it("follows an order from the gateway through orders, the catalog's gRPC reservation, the outbox and every consumer of order.placed, as one connected tree", async () => {
    const tokens = await signInEachRole(api, ADMIN);
    const category = await api.post('/api/categories', { token: tokens.staff.accessToken, body: { name: `Traced ${randomUUID().slice(0, 6)}` } });
    const book = await api.post('/api/books', { token: tokens.staff.accessToken, body: newBook(category.body.id, { stock: 5 }) });

    // The test is the trace's root: its id is known, and its span is the parent of the gateway's.
    const traceId = randomBytes(16).toString('hex');
    const rootSpanId = randomBytes(8).toString('hex');
    const order = await api.post('/api/orders', {
      token: tokens.member.accessToken,
      headers: { traceparent: `00-${traceId}-${rootSpanId}-01` },
      body: { items: [{ bookId: book.body.id, quantity: 1 }] },
    });
    expect(order.status).toBe(201);

    const inTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    const servicesOf = () => new Set(inTrace().map((span) => span.service));
    // Spans leave each process in batches (every few seconds): wait until every part has reported.
    await eventually(
      async () => {
        expect([...servicesOf()].sort()).toEqual(expect.arrayContaining(['analytics', 'catalog', 'discovery', 'gateway', 'notify', 'orders']));
      },
      30_000,
      250,
    );
    // Let the last batches arrive, then the tree must be whole: every span's parent is in it.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const spans = inTrace();
    const ids = new Set([rootSpanId, ...spans.map((span) => span.spanId)]);
    const orphans = spans.filter((span) => !ids.has(span.parentSpanId));
    expect(orphans.map((span) => `${span.service}: ${span.name}`)).toEqual([]);

    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestryOf = (span: ReceivedSpan): string[] => {
      const chain: string[] = [];
      for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent.service);
      return chain;
    };
    // The catalog's reservation is a call orders made (gRPC), not a request of its own.
    const catalogServer = spans.filter((span) => span.service === 'catalog' && ancestryOf(span).includes('orders'));
    expect(catalogServer.length).toBeGreaterThan(0);
    // Each consumer of order.placed ran under the span that wrote the event in orders' transaction.
    for (const service of ['discovery', 'analytics', 'notify']) {
      const consumed = spans.filter((span) => span.service === service);
      expect({ service, underOrders: consumed.some((span) => ancestryOf(span).includes('orders')) }).toEqual({ service, underOrders: true });
    }
    // And all of it hangs from the gateway's span of the request.
    const gateway = spans.find((span) => span.service === 'gateway' && span.parentSpanId === rootSpanId);
    expect(gateway).toBeDefined();
    for (const span of spans.filter((candidate) => candidate.service !== 'gateway')) expect(ancestryOf(span)).toContain('gateway');
  });
});
