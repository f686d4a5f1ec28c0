import closeWithGrace from 'close-with-grace';
import type { HttpApp } from './http-app.ts';

export interface RunOptions {
  port: number;
  host: string;
  /** How long in-flight work may take to finish after SIGTERM before the process is killed. */
  graceMs: number;
}

/**
 * Listens, and installs the process-level handlers: SIGTERM/SIGINT stop accepting connections,
 * let in-flight requests finish, run the `onClose` hooks (pools, caches), then exit 0. An uncaught
 * exception or unhandled rejection is logged and shuts the process down the same way with exit 1,
 * so a process never lingers half-alive. A second signal, or the grace period passing, exits at once.
 *
 * Resolves with the address it listens on.
 *
 * @example
 *   await runServer(app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
 */
export async function runServer(app: HttpApp, options: RunOptions): Promise<string> {
  closeWithGrace({ delay: options.graceMs, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.fatal({ err }, 'unexpected error; shutting down');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    app.log.info('stopped');
  });
  return app.listen({ port: options.port, host: options.host });
}
