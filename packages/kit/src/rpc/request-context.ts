import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Interceptor } from '@connectrpc/connect';

export const REQUEST_ID_HEADER = 'x-request-id';

/** The same rule as the HTTP server: anything else from a caller is replaced, never logged as is. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `requestId` as the current request id, so every gRPC call made inside it (however
 * deep) carries `x-request-id` and the upstream's logs line up with ours.
 *
 * @example
 *   app.addHook('onRequest', (request, _reply, done) => runWithRequestId(request.id, done));
 */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/**
 * The request id of the work in progress, if any.
 *
 * @example
 *   logger.info({ requestId: currentRequestId() }, 'reservation expired');
 */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A caller's request id if it is well-formed, else a fresh one. */
export function acceptRequestId(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Client interceptor: sends the current request id as `x-request-id` (unless the call set one).
 *
 * @example
 *   createGrpcTransport({ baseUrl, interceptors: [requestIdInterceptor] });
 */
export const requestIdInterceptor: Interceptor = (next) => async (request) => {
  const requestId = currentRequestId();
  if (requestId && !request.header.has(REQUEST_ID_HEADER)) request.header.set(REQUEST_ID_HEADER, requestId);
  return next(request);
};
