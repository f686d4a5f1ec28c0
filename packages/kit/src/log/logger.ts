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
  if (options.destination) return pino(settings, options.destination);
  const stdout = bufferedStdout();
  return pino(
    {
      ...settings,
      // An error goes out at once, with the lines before it: the last lines before a crash are the
      // ones an operator needs (an exit, even by an uncaught exception, flushes the rest).
      hooks: {
        logMethod(args, method, level) {
          method.apply(this, args);
          if (level >= ERROR_LEVEL) stdout.flush();
        },
      },
    },
    stdout,
  );
}

const ERROR_LEVEL = pino.levels.values.error!;
/** Lines gathered before one write, rather than a write (and a trip through the thread pool) per line. */
const WRITE_BYTES = 4096;
/** The longest a line waits in a quiet process. */
const FLUSH_INTERVAL_MS = 1000;
/** What may wait for a stdout that does not drain; past it lines are dropped rather than memory exhausted. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

let stdoutStream: (pino.DestinationStream & { flush(): void }) | undefined;

/**
 * Standard output for every logger of the process, asynchronous and buffered (pino's
 * asynchronous logging, see pino's docs/asynchronous.md): lines are gathered and written
 * `WRITE_BYTES` at a time, or every second when fewer come. One stream for all loggers keeps
 * their lines in the order they were logged. Pino flushes it when the process exits.
 */
function bufferedStdout() {
  stdoutStream ??= pino.destination({
    dest: 1,
    sync: false,
    minLength: WRITE_BYTES,
    maxLength: MAX_BUFFERED_BYTES,
    periodicFlush: FLUSH_INTERVAL_MS,
  });
  return stdoutStream;
}
