import pino from 'pino';
import type { Logger } from 'pino';
import { serializeErrorSafely } from './safe-error.ts';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Human-readable output; by default only when stdout is a terminal. */
  pretty?: boolean | undefined;
  /** Where lines go instead of stdout (tests that read what a process logs). */
  destination?: pino.DestinationStream;
}

/**
 * The process logger. JSON lines by default (what log shippers read); pretty only when asked.
 *
 * @example
 *   const log = createLogger({ name: 'catalog', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.destination ? false : (options.pretty ?? process.stdout.isTTY === true);
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    // A safety net: the code logs no bodies or raw requests, but a secret must never reach the logs
    // if one does. Explicit paths only: wildcards are checked on every line and cost throughput.
    redact: {
      paths: ['password', 'refreshToken', 'accessToken', 'headers.authorization', 'req.headers.authorization', 'body.password', 'body.refreshToken'],
      censor: '[redacted]',
    },
    // Errors are logged without the values a failed statement carried (see safe-error.ts).
    serializers: { err: serializeErrorSafely },
  };
  if (pretty) {
    return pino({ ...settings, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } });
  }
  // Synchronous writes: buffering measured no clear gain (npm run bench -- book-read) and would
  // lose the last lines before a hard crash, which are the ones an operator needs.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
