import { createContextKey } from '@connectrpc/connect';
import type { HandlerContext, Interceptor } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { handlerErrorToConnect } from './rpc-errors.ts';
import { acceptRequestId, REQUEST_ID_HEADER, runWithRequestId } from '../request-id/request-id.ts';
import { serveInSpan } from '../tracing/rpc-tracing.ts';
import { traceIdOf } from '../tracing/trace-context.ts';

const callLogKey = createContextKey<Logger | undefined>(undefined, { description: 'pustaka rpc call log' });

/**
 * The log of the call being handled, bound to its request id, trace id and procedure.
 *
 * @example
 *   router.service(Inventory, {
 *     async reserve(request, context) {
 *       rpcLog(context).info({ orderId: request.orderId }, 'reserving stock');
 *     },
 *   });
 */
export function rpcLog(context: HandlerContext): Logger {
  const log = context.values.get(callLogKey);
  if (!log) throw new Error('rpcLog: this handler is not served through createRpcServer or createInMemoryTransport');
  return log;
}

/**
 * Server interceptor for every Pustaka gRPC server: takes the caller's `x-request-id` (or makes
 * one) for the logs and for calls made further down, runs the call in a server span continuing
 * the caller's `traceparent`, and turns what a handler throws into what
 * the caller may see (`handlerErrorToConnect`): an AppError keeps its kind, code and extensions;
 * anything unexpected is logged here and answered INTERNAL with no message, since it could carry
 * SQL, paths or secrets. A batch handler answers each item's error the same way (`errorToProblem`).
 */
export function serverInterceptor(logger: Logger): Interceptor {
  return (next) => (request) =>
    serveInSpan(request, async (span) => {
      const requestId = acceptRequestId(request.header.get(REQUEST_ID_HEADER));
      const log = logger.child({ requestId, traceId: traceIdOf(span), rpc: `${request.service.typeName}/${request.method.name}` });
      request.contextValues.set(callLogKey, log);
      try {
        return await runWithRequestId(requestId, () => next(request));
      } catch (error) {
        throw handlerErrorToConnect(error, log);
      }
    });
}
