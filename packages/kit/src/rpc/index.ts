export * from './rpc-server.ts';
export * from './rpc-client.ts';
export * from './transports.ts';
export * from './server-interceptor.ts';
export * from './request-context.ts';
export { errorToProblem, grpcCodeOfKind, problemToError, upstreamUnavailable } from './rpc-errors.ts';
export { BREAKER_STATE } from './rpc-metrics.ts';
export type { BreakerState } from './rpc-metrics.ts';
export type { ConnectRouter, HandlerContext, Transport } from '@connectrpc/connect';
