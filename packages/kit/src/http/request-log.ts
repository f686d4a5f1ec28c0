import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

type LogControllerOptions = ConstructorParameters<typeof LogController>[0];

const REDACTED = '[redacted]';
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * One line per request, when it completes, with what an operator looks for and no more: the
 * request id and trace id (the logger's bindings), method, route, status and duration. The route
 * is the pattern (`/api/books/:id`): it says what was asked, groups lines by endpoint and never
 * carries a credential. Only a request no pattern names (none matched, or a wildcard such as the
 * gateway's) also logs its URL, and a URL under one of the secret paths without its credential: a
 * calendar app's feed URL is the member's password for their bookings, and logs are read by more
 * people than the database. Probes only at debug, so they do not drown the log.
 */
export class RequestLog extends LogController {
  readonly #secretPaths: readonly string[];

  constructor(options: LogControllerOptions, secretPaths: readonly string[]) {
    super(options);
    this.#secretPaths = secretPaths;
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url;
    const ms = Math.round(reply.elapsedTime);
    const line =
      route === undefined || route.includes('*')
        ? { method: request.method, route, url: this.loggableUrl(request.url), statusCode: reply.statusCode, ms }
        : { method: request.method, route, statusCode: reply.statusCode, ms };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (PROBES.has(route ?? '')) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }

  /**
   * @example
   *   new RequestLog({}, ['/api/calendar/']).loggableUrl('/api/calendar/2kPq…Zx.ics'); // '/api/calendar/[redacted]'
   */
  loggableUrl(url: string): string {
    const secret = this.#secretPaths.find((prefix) => url.startsWith(prefix));
    return secret === undefined ? url : `${secret}${REDACTED}`;
  }
}
