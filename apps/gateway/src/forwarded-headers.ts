import type { FastifyRequest } from 'fastify';
// For `request.caller`, set by the kit's auth hook from a verified token.
import type {} from '@pustaka/kit/auth';
import { injectTraceHeaders, traceContextOf } from '@pustaka/kit/tracing';

/** The caller the gateway verified, for an upstream's logs; the services still verify the token themselves. */
export const CALLER_ID_HEADER = 'x-pustaka-caller-id';
export const CALLER_ROLE_HEADER = 'x-pustaka-caller-role';
const CALLER_HEADER_PREFIX = 'x-pustaka-caller';

type Headers = Record<string, string | string[] | number | undefined>;
/** What is read of the request; reply-from's hooks type it for any server (HTTP/2 too). */
type ForwardedRequest = Pick<FastifyRequest, 'id' | 'ip' | 'protocol' | 'host' | 'caller'> & Parameters<typeof traceContextOf>[0];

/**
 * What an upstream is told about a request besides what the client sent: its id, the client's
 * address, scheme and host, the verified caller, and trace context whose parent is the gateway's
 * span. Every one of these replaces what a client sent under the same name (a client could put any
 * address or caller there); caller headers are sent only for a token the gateway verified.
 *
 * @example
 *   reply.from(undefined, { rewriteRequestHeaders: (request, headers) => forwardedHeaders(request, headers) });
 */
export function forwardedHeaders(request: ForwardedRequest, headers: Headers): Headers {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith(CALLER_HEADER_PREFIX)));
  const caller = request.caller;
  return injectTraceHeaders(
    {
      ...kept,
      'x-request-id': request.id,
      'x-forwarded-for': request.ip,
      'x-forwarded-proto': request.protocol,
      'x-forwarded-host': request.host,
      ...(caller ? { [CALLER_ID_HEADER]: caller.id, [CALLER_ROLE_HEADER]: caller.role } : {}),
    },
    traceContextOf(request),
  ) as Headers;
}
