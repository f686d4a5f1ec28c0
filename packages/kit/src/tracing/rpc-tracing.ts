import { Code, ConnectError } from '@connectrpc/connect';
import type { Interceptor, StreamRequest, UnaryRequest } from '@connectrpc/connect';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { extractTraceContext, injectTraceHeaders, tracer } from './trace-context.ts';

type RpcRequest = UnaryRequest | StreamRequest;

/** Codes that mean the server failed (OpenTelemetry's gRPC conventions); the others are the caller's answer. */
const SERVER_FAULTS: ReadonlySet<Code> = new Set([Code.Unknown, Code.DeadlineExceeded, Code.Unimplemented, Code.Internal, Code.Unavailable, Code.DataLoss]);

/**
 * Client interceptor: each call runs in a client span of the current trace and sends that span
 * as `traceparent`, so the server's span is its child.
 *
 * @example
 *   createGrpcTransport({ baseUrl, interceptors: [requestIdInterceptor, traceRpcCalls] });
 */
export const traceRpcCalls: Interceptor = (next) => (request) =>
  tracer.startActiveSpan(rpcName(request), { kind: SpanKind.CLIENT, attributes: rpcAttributes(request) }, async (span) => {
    injectTraceHeaders(request.header);
    try {
      return await next(request);
    } catch (error) {
      describeFailure(span, ConnectError.from(error), true);
      throw error;
    } finally {
      span.end();
    }
  });

/**
 * Runs a served call in a server span continuing the caller's `traceparent` (or a new trace).
 * `handle` should throw what goes on the wire (a ConnectError), so the span records its code.
 *
 * @example
 *   return (next) => (request) => serveInSpan(request, (span) => next(request));
 */
export function serveInSpan<T>(request: RpcRequest, handle: (span: Span) => Promise<T>): Promise<T> {
  const parent = extractTraceContext(request.header);
  return tracer.startActiveSpan(rpcName(request), { kind: SpanKind.SERVER, attributes: rpcAttributes(request) }, parent, async (span) => {
    try {
      return await handle(span);
    } catch (error) {
      describeFailure(span, ConnectError.from(error), false);
      throw error;
    } finally {
      span.end();
    }
  });
}

function rpcName(request: RpcRequest): string {
  return `${request.service.typeName}/${request.method.name}`;
}

function rpcAttributes(request: RpcRequest) {
  return { 'rpc.system': 'grpc', 'rpc.service': request.service.typeName, 'rpc.method': request.method.name };
}

function describeFailure(span: Span, error: ConnectError, client: boolean): void {
  span.setAttribute('rpc.grpc.status_code', error.code);
  if (client || SERVER_FAULTS.has(error.code)) span.setStatus({ code: SpanStatusCode.ERROR });
}
