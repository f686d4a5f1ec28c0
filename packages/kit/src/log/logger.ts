import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Human-readable output; by default only when stdout is a terminal. */
  pretty?: boolean | undefined;
}

/**
 * The process logger. JSON lines by default (what log shippers read); pretty only when asked.
 *
 * @example
 *   const log = createLogger({ name: 'catalog', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    // Never let a secret reach the logs, whichever object carried it.
    redact: {
      paths: ['req.headers.authorization', 'password', '*.password', 'refreshToken', '*.refreshToken'],
      censor: '[redacted]',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}
