export * from './rpc-server.ts';
export * from './rpc-client.ts';
export * from './transports.ts';
export * from './server-interceptor.ts';
export * from './request-id-interceptor.ts';
export * from './keyset-page.ts';
// The request id lives below gRPC (HTTP, tracing and the bus carry it too); services take it from here.
export * from '../request-id/request-id.ts';
export { errorToProblem, grpcCodeOfKind, problemToError, upstreamUnavailable } from './rpc-errors.ts';
export { BREAKER_STATE } from './rpc-metrics.ts';
export type { BreakerState } from './rpc-metrics.ts';
export type { ConnectRouter, HandlerContext, Transport } from '@connectrpc/connect';
