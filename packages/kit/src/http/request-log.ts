import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

type LogControllerOptions = ConstructorParameters<typeof LogController>[0];

const REDACTED = '[redacted]';

/**
 * One line per request, when it completes; probes only at debug so they do not drown the log. A
 * URL under one of the secret paths is logged without its credential: a calendar app's feed URL is
 * the member's password for their bookings, and logs are read by more people than the database.
 */
export class RequestLog extends LogController {
  readonly #secretPaths: readonly string[];

  constructor(options: LogControllerOptions, secretPaths: readonly string[]) {
    super(options);
    this.#secretPaths = secretPaths;
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: this.loggableUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (request.url === '/healthz' || request.url === '/readyz') reply.log.debug(line, 'request completed');
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
