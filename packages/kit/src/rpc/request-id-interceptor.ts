import type { Interceptor } from '@connectrpc/connect';
import { currentRequestId, REQUEST_ID_HEADER } from '../request-id/request-id.ts';

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
