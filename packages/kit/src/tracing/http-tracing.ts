import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { runWithRequestId } from '../request-id/request-id.ts';
import { extractTraceContext, traceIdOf, tracer } from './trace-context.ts';

const traced = Symbol('pustaka.trace');

interface RequestTrace {
  span: Span;
  /** The context the request's hooks and handler run in: its server span is the active one. */
  active: Context;
}

declare module 'fastify' {
  interface FastifyRequest {
    [traced]: RequestTrace | null;
  }
}

/** Probes and scrapes every few seconds would bury the traces people look for. */
const UNTRACED_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * Runs every request in a server span and with its request id current, so what its handler
 * does (gRPC calls, events recorded) carries both. The span continues the caller's valid
 * `traceparent`, else starts a trace; the request's log lines carry `traceId`. Probes get the
 * request id but no span.
 *
 * @example
 *   const app = Fastify({ loggerInstance });
 *   traceHttpRequests(app); // before other hooks, so they run inside the span too
 */
export function traceHttpRequests(app: FastifyInstance): void {
  app.decorateRequest(traced, null);
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (UNTRACED_ROUTES.has(route ?? '')) return runWithRequestId(request.id, done);
    const parent = extractTraceContext(request.headers);
    const span = tracer.startSpan(route ? `${request.method} ${route}` : request.method, { kind: SpanKind.SERVER }, parent);
    // Set after the sampling decision, not passed to startSpan: most spans are not recorded, and
    // attributes given at the start are validated either way.
    if (span.isRecording()) span.setAttributes({ 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}) });
    const active = trace.setSpan(parent, span);
    request[traced] = { span, active };
    const traceId = traceIdOf(span);
    // Every line of this request carries it, "request completed" included. Added to the request's
    // own logger: a child of it would make that logger a prototype, which V8 makes slow (measured
    // here: a request logger plus one line ~11 µs this way, ~48 µs with a child).
    if (traceId) (request.log as Logger).setBindings({ traceId });
    // The rest of the request (hooks, body parsing, handler) continues inside both. Fastify parses
    // bodies in an AsyncResource of the request, so a late body does not lose them.
    runWithRequestId(request.id, () => context.with(active, done));
  });
  app.addHook('onResponse', (request, reply, done) => {
    endSpan(request, (span) => {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    });
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    endSpan(request, (span) => span.setAttribute('error.type', 'client_aborted'));
    done();
  });
}

/**
 * The trace context of the request's server span, for work done on its behalf outside the
 * request's async context (a proxy building upstream headers in a callback).
 *
 * @example
 *   injectTraceHeaders(upstreamHeaders, traceContextOf(request));
 */
export function traceContextOf(request: Pick<FastifyRequest, typeof traced>): Context {
  return request[traced]?.active ?? context.active();
}

function endSpan(request: FastifyRequest, describe: (span: Span) => void): void {
  const span = request[traced]?.span;
  if (!span?.isRecording()) return;
  describe(span);
  span.end();
}
