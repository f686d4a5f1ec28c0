import { createRouterTransport } from '@connectrpc/connect';
import type { ConnectRouter, Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import type { GrpcTransportOptions } from '@connectrpc/connect-node';
import type { Logger } from 'pino';
import { serverInterceptor } from './server-interceptor.ts';
import { requestIdInterceptor } from './request-id-interceptor.ts';
import { traceRpcCalls } from '../tracing/rpc-tracing.ts';

/**
 * Calls the given services in this process, without sockets (the embedded default). Errors,
 * request ids, trace context and deadlines behave as over the network, because the same interceptors run and
 * messages are still serialized.
 *
 * @example
 *   const transport = createInMemoryTransport((router) => router.service(Inventory, handlers), { logger });
 *   const inventory = createRpcClient(Inventory, transport, { name: 'catalog' });
 */
export function createInMemoryTransport(routes: (router: ConnectRouter) => void, options: { logger: Logger }): Transport {
  return createRouterTransport(routes, {
    router: { interceptors: [serverInterceptor(options.logger)] },
    transport: { interceptors: [requestIdInterceptor, traceRpcCalls] },
  });
}

/**
 * gRPC over HTTP/2 to another service in the cluster (one connection, multiplexed), sending the
 * current request id and `traceparent` with every call.
 *
 * @example
 *   const transport = createRpcTransport('http://catalog:4102');
 */
export function createRpcTransport(baseUrl: string, options: Partial<GrpcTransportOptions> = {}): Transport {
  return createGrpcTransport({
    ...options,
    baseUrl,
    interceptors: [requestIdInterceptor, traceRpcCalls, ...(options.interceptors ?? [])],
  });
}
