import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSpans, httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { startGateway } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

// Before the gateway registers its own tracing: the first registration of the process is kept.
const spans = await captureSpans();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
/** The gateway's span for `/api/books/...` (the stand-in catalog's own span is `GET /api/books/:id`). */
const GATEWAY_SPAN = 'GET /api/books/*';

describe('trace context through the gateway', () => {
  let sut: GatewayUnderTest;
  let api: HttpClient;

  beforeAll(async () => {
    sut = await startGateway();
    api = httpClient(sut.url);
  });
  afterAll(() => sut?.close());

  it("sends the upstream its own span as parent, in the caller's trace", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    await api.get('/api/books/b-1', { headers: { traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate: 'vendor=kept' } });
    const sent = sut.upstreams.catalog.seen.at(-1)!.headers;
    const [, sentTraceId, sentParentId] = TRACEPARENT.exec(String(sent.traceparent))!;
    expect(sentTraceId).toBe(traceId);

    const gateway = await spans.find(GATEWAY_SPAN, traceId);
    expect(gateway.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(sentParentId).toBe(gateway.spanContext().spanId);
    expect(sent.tracestate).toBe('vendor=kept');
    const upstream = await spans.find('GET /api/books/:id', traceId);
    expect(upstream.parentSpanContext?.spanId).toBe(gateway.spanContext().spanId);
  });

  it("replaces a malformed traceparent (and its tracestate) with the gateway's new trace", async () => {
    await api.get('/api/books/b-2', { headers: { traceparent: 'made-up', tracestate: 'vendor=stale' } });
    const sent = sut.upstreams.catalog.seen.at(-1)!.headers;
    const [, traceId, parentId] = TRACEPARENT.exec(String(sent.traceparent))!;
    expect(traceId).not.toBe('0'.repeat(32));
    expect(sent.tracestate).toBeUndefined();
    const gateway = await spans.find(GATEWAY_SPAN, traceId!);
    expect(gateway.parentSpanContext).toBeUndefined();
    expect(parentId).toBe(gateway.spanContext().spanId);
  });
});
