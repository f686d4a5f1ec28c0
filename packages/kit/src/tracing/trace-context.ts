import { context, defaultTextMapGetter, defaultTextMapSetter, isSpanContextValid, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C Trace Context is the one wire format, whatever propagator a process registers: the kit
 * reads and writes `traceparent`/`tracestate` itself, so ids travel even before tracing is set up.
 */
const propagator = new W3CTraceContextPropagator();

/** Every span the kit starts comes from this tracer (a no-op one until `registerTracing`). */
export const tracer = trace.getTracer('@pustaka/kit');

type HeaderRecord = Record<string, string | string[] | undefined>;

/** Carrier access for Fetch-style `Headers` (Connect's request headers). */
const fetchHeaders: TextMapGetter<Headers> & TextMapSetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
  set: (headers, key, value) => headers.set(key, value),
};

/**
 * The trace context that `headers` continue: the caller's span as a remote parent when their
 * `traceparent` is valid, else the root context (a new trace begins there).
 *
 * @example
 *   const parent = extractTraceContext(request.headers);
 *   const span = tracer.startSpan('GET /api/books/:id', { kind: SpanKind.SERVER }, parent);
 */
export function extractTraceContext(headers: Headers | HeaderRecord | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  return headers instanceof Headers ? propagator.extract(ROOT_CONTEXT, headers, fetchHeaders) : propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/**
 * Writes the `traceparent` (and `tracestate`) of `from` into `headers`, replacing what the
 * caller sent: a stale `tracestate` must not travel beside a new `traceparent`. Returns `headers`.
 *
 * @example
 *   injectTraceHeaders(request.header); // a gRPC call made inside a span carries it
 */
export function injectTraceHeaders<H extends Headers | HeaderRecord>(headers: H, from: Context = context.active()): H {
  if (headers instanceof Headers) {
    headers.delete('traceparent');
    headers.delete('tracestate');
    propagator.inject(from, headers, fetchHeaders);
  } else {
    delete headers.traceparent;
    delete headers.tracestate;
    propagator.inject(from, headers, defaultTextMapSetter);
  }
  return headers;
}

/**
 * The `traceparent` of the span in progress, if there is one, for carriers that are not headers
 * (an event envelope).
 *
 * @example
 *   newEvent('order.placed', payload, { headers: { traceparent: currentTraceparent() } });
 */
export function currentTraceparent(): string | undefined {
  return injectTraceHeaders({} as HeaderRecord).traceparent as string | undefined;
}

/**
 * The trace id of `span` for log lines, or undefined when tracing is not registered (a no-op span
 * has the all-zero id, which would only mislead).
 *
 * @example
 *   logger.child({ requestId, traceId: traceIdOf(span) });
 */
export function traceIdOf(span: Span | undefined): string | undefined {
  const spanContext = span?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Marks `span` failed. Its `error.type` is the error's code or class, never its message: a message
 * can carry SQL or secrets, and the log line with the same trace id has the details.
 *
 * @example
 *   catch (error) { failSpan(span, error); throw error; }
 */
export function failSpan(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  const type = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
