import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectRouter } from '@connectrpc/connect';
import { isValidTraceId, SpanKind } from '@opentelemetry/api';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import pino from 'pino';
import { appendToOutbox, createRabbitTransport, newEvent } from '../src/bus/index.ts';
import { serviceDb } from '../src/db/open-database.ts';
import { createHttpServer } from '../src/http/create-http-server.ts';
import { createEventBus } from '../src/platform/event-bus.ts';
import type { EventBus, Outbox } from '../src/platform/event-bus.ts';
import { createInMemoryTransport, createRpcClient, createRpcServer, createRpcTransport } from '../src/rpc/index.ts';
import type { RpcServer } from '../src/rpc/index.ts';
import { captureSpans, createTestTokens, describeEachBackend, eventually, httpClient, startTestPlatform } from '../src/testing/index.ts';
import type { HttpClient, TestPlatform, TestStorage } from '../src/testing/index.ts';
import { tracer } from '../src/tracing/index.ts';
import { logger, migrateTestSchema, uniqueName } from './bus-fixtures.ts';
import { activeTraceId, newTraceparent, tracedService } from './tracing-fixtures.ts';
import type { Observed, Seen } from './tracing-fixtures.ts';

const spans = await captureSpans();
const GET_BOOKS = 'pustaka.catalog.v1.Inventory/GetBooks';

describeEachBackend('trace context through HTTP, gRPC and events', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;
  const seen: Seen = { rpc: [], consumed: [] };

  beforeAll(async () => {
    storage = await backend.open();
    const tokens = await createTestTokens();
    platform = await startTestPlatform(storage, [tokens.service, tracedService(uniqueName('traced'), seen)]);
    api = httpClient(platform.url);
  });
  afterAll(async () => platform?.close());

  it("continues the caller's traceparent into a gRPC call made by the handler", async () => {
    const caller = newTraceparent();
    const response = await api.post('/trace/rpc', { body: { any: 'thing' }, headers: { traceparent: caller.header } });
    expect(response.status).toBe(200);
    expect(response.body.traceId).toBe(caller.traceId);
    const served = seen.rpc.at(-1)!;
    expect(served.traceId).toBe(caller.traceId);
    expect(served.requestId).toBe(response.headers.get('x-request-id'));

    const http = await spans.find('POST /trace/rpc', caller.traceId);
    const client = await spans.find(GET_BOOKS, caller.traceId, SpanKind.CLIENT);
    const server = await spans.find(GET_BOOKS, caller.traceId, SpanKind.SERVER);
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.parentSpanContext?.spanId).toBe(caller.spanId);
    expect(client.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(served.traceparent).toBe(`00-${caller.traceId}-${client.spanContext().spanId}-01`);
  });

  it("keeps the request's trace in the handler when the body arrives after the headers", async () => {
    const caller = newTraceparent();
    // A late body is read in the socket's async context; Fastify must bring the request's back for parsing.
    const lateBody = new ReadableStream({
      async start(controller) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.enqueue(new TextEncoder().encode('{"late":true}'));
        controller.close();
      },
    });
    const response = await fetch(`${platform.url}/trace/rpc`, {
      method: 'POST',
      body: lateBody,
      duplex: 'half',
      headers: { 'content-type': 'application/json', traceparent: caller.header },
    });
    expect(await response.json()).toEqual({ traceId: caller.traceId });
    expect(seen.rpc.at(-1)!.traceId).toBe(caller.traceId);
    expect(seen.rpc.at(-1)!.requestId).toBe(response.headers.get('x-request-id'));
  });

  it("records the trace in the event's headers and runs the consumer in a child span of it", async () => {
    const caller = newTraceparent();
    const response = await api.post('/trace/event', { body: {}, headers: { traceparent: caller.header } });
    expect(response.status).toBe(200);
    let consumed: Observed | undefined;
    await eventually(async () => {
      consumed = seen.consumed.find((observed) => observed.traceId === caller.traceId);
      expect(consumed).toBeDefined();
    });

    const http = await spans.find('POST /trace/event', caller.traceId);
    expect(consumed!.headers).toEqual({
      requestId: response.headers.get('x-request-id'),
      traceparent: `00-${caller.traceId}-${http.spanContext().spanId}-01`,
    });
    expect(consumed!.requestId).toBe(response.headers.get('x-request-id'));
    const consumer = await spans.find('process note.added', caller.traceId);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
  });

  it('starts a fresh trace for a request without traceparent', async () => {
    const response = await api.post('/trace/rpc', { body: {} });
    expect(isValidTraceId(response.body.traceId)).toBe(true);
    expect(seen.rpc.at(-1)!.traceId).toBe(response.body.traceId);
    expect((await spans.find('POST /trace/rpc', response.body.traceId)).parentSpanContext).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an unknown version ff', `ff-${newTraceparent().traceId}-00f067aa0ba902b7-01`],
  ])('ignores a traceparent that is %s and starts a new trace', async (_case, header) => {
    const response = await api.post('/trace/rpc', { body: {}, headers: { traceparent: header } });
    const traceId: string = response.body.traceId;
    expect(isValidTraceId(traceId)).toBe(true);
    expect(header).not.toContain(traceId);
    expect((await spans.find('POST /trace/rpc', traceId)).parentSpanContext).toBeUndefined();
  });
});

describe.each(['grpc', 'memory'])('a gRPC call over the %s transport', (name) => {
  const seen: Observed[] = [];
  let server: RpcServer | undefined;
  const routes = (router: ConnectRouter) =>
    router.service(Inventory, {
      async getBooks(_request, context) {
        seen.push({ traceId: activeTraceId(), requestId: undefined, traceparent: context.requestHeader.get('traceparent') });
        return { books: [] };
      },
    });
  afterAll(async () => server?.close());

  it("runs the handler in a server span, child of the caller's client span", async () => {
    let transport = createInMemoryTransport(routes, { logger });
    if (name === 'grpc') {
      server = createRpcServer({ routes, port: 0, host: '127.0.0.1', logger });
      transport = createRpcTransport(await server.listen());
    }
    const inventory = createRpcClient(Inventory, transport, { name: `traced-${name}` });
    const traceId = await tracer.startActiveSpan('caller', async (span) => {
      await inventory.getBooks({ ids: [] });
      span.end();
      return span.spanContext().traceId;
    });
    expect(seen.at(-1)!.traceId).toBe(traceId);
    const caller = await spans.find('caller', traceId);
    const client = await spans.find(GET_BOOKS, traceId, SpanKind.CLIENT);
    const served = await spans.find(GET_BOOKS, traceId, SpanKind.SERVER);
    expect(client.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(served.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(served.attributes['rpc.method']).toBe('GetBooks');
  });
});

describe('request logs', () => {
  it('carry the trace id of the request on every line, "request completed" included', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await createHttpServer({
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
      openapi: { title: 'test', version: '0' },
      bodyLimitBytes: 2048,
      requestTimeoutMs: 5000,
    });
    app.get('/hello', async (request) => {
      request.log.info('saying hello');
      return { traceId: activeTraceId() };
    });
    const caller = newTraceparent();
    const response = await app.inject({ method: 'GET', url: '/hello', headers: { traceparent: caller.header } });
    await app.close();
    expect(response.json().traceId).toBe(caller.traceId);
    const ours = lines.filter((line) => line.requestId === response.headers['x-request-id']);
    expect(ours.map((line) => line.msg)).toEqual(['saying hello', 'request completed']);
    for (const line of ours) expect(line.traceId).toBe(caller.traceId);
  });
});

const amqpUrl = inject('realServices').amqpUrl;

describe.skipIf(amqpUrl === undefined)('events over RabbitMQ', () => {
  describeEachBackend('events over RabbitMQ keep their trace', (backend) => {
    let storage: TestStorage;
    let bus: EventBus;
    let schema: string;
    let outbox: Outbox;
    const consumed: Observed[] = [];

    beforeAll(async () => {
      storage = await backend.open();
      schema = uniqueName('traced');
      await migrateTestSchema(storage.database, schema);
      // An exchange of its own: no other suite's consumers see these events.
      bus = createEventBus(createRabbitTransport({ url: amqpUrl!, exchange: uniqueName('pustaka.test'), logger }), storage.database, logger);
      await bus.subscribe({
        schema,
        consumerId: `${schema}.notes`,
        events: ['note.added'],
        handle: async (_trx, event) => {
          consumed.push({ traceId: activeTraceId(), requestId: undefined, headers: event.headers });
        },
      });
      outbox = bus.outbox(schema, () => new Date());
      await bus.start();
    });
    afterEach(() => {
      consumed.length = 0;
    });
    afterAll(async () => {
      await bus?.close();
      await storage?.dispose();
    });

    it('runs the consumer in a child span of the span that recorded the event', async () => {
      const producer = await tracer.startActiveSpan('producer', async (span) => {
        await serviceDb(storage.database, schema)
          .transaction()
          .execute((trx) => outbox.record(trx, 'note.added', { n: 1 }));
        span.end();
        return span.spanContext();
      });
      outbox.notify();
      await eventually(async () => expect(consumed).toHaveLength(1));
      expect(consumed[0]!.traceId).toBe(producer.traceId);
      expect(consumed[0]!.headers?.traceparent).toBe(`00-${producer.traceId}-${producer.spanId}-01`);
      const consumer = await spans.find('process note.added', producer.traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
    });

    it('gives an event recorded before tracing (no traceparent) a trace of its own', async () => {
      const old = newEvent('note.added', { n: 2 }, { headers: { requestId: 'req-from-before' } });
      await serviceDb(storage.database, schema)
        .transaction()
        .execute((trx) => appendToOutbox(trx, old));
      outbox.notify();
      await eventually(async () => expect(consumed).toHaveLength(1));
      expect(consumed[0]!.headers).toEqual({ requestId: 'req-from-before' });
      expect(isValidTraceId(consumed[0]!.traceId!)).toBe(true);
      expect((await spans.find('process note.added', consumed[0]!.traceId!)).parentSpanContext).toBeUndefined();
    });
  });
});
