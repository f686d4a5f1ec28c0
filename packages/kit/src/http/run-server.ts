import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';
import type { HttpApp } from './http-app.ts';
import { defaultMetricsPort, listenForMetrics } from '../metrics/metrics-server.ts';
import type { MetricsListener } from '../metrics/metrics-server.ts';

export interface RunOptions {
  port: number;
  host: string;
  /** How long in-flight work may take to finish after SIGTERM before the process is killed. */
  graceMs: number;
  /** Where `/metrics` is served, apart from the public port; default: loopback, the HTTP port + 6000. */
  metrics?: { host?: string | undefined; port?: number | undefined };
}

/**
 * Listens, and installs the process-level handlers: SIGTERM/SIGINT stop accepting connections,
 * let in-flight requests finish, run the `onClose` hooks (pools, caches), then exit 0. An uncaught
 * exception or unhandled rejection is logged and shuts the process down the same way with exit 1,
 * so a process never lingers half-alive. A second signal, or the grace period passing, exits at once.
 *
 * Prometheus metrics get a listener of their own (see listenForMetrics), closed with the server.
 * Resolves with the address it listens on.
 *
 * @example
 *   await runServer(app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS, metrics: { host: config.METRICS_HOST, port: config.METRICS_PORT } });
 */
export async function runServer(app: HttpApp, options: RunOptions): Promise<string> {
  // First: a chosen metrics port that is taken fails the start before the public port opens.
  const metrics = await listenForMetricsOn(options.metrics?.host ?? '127.0.0.1', options.metrics?.port, options.port, app);
  closeWithGrace({ delay: options.graceMs, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.fatal({ err }, 'unexpected error; shutting down');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Lines are written in batches (see createLogger): what led here goes out now, not at exit.
    (app.log as Logger).flush();
    await app.close();
    await metrics.close();
    app.log.info('stopped');
  });
  const address = await app.listen({ port: options.port, host: options.host });
  app.log.info({ metrics: metrics.url }, 'serving metrics');
  return address;
}

/**
 * A METRICS_PORT the operator chose must be free (a scrape config points at it); the default one
 * (HTTP port + 6000) may be taken by something else on a developer's machine, and then an
 * ephemeral port, logged, beats a platform that does not start.
 */
async function listenForMetricsOn(host: string, chosen: number | undefined, httpPort: number, app: HttpApp): Promise<MetricsListener> {
  if (chosen !== undefined) return listenForMetrics({ host, port: chosen });
  const port = defaultMetricsPort(httpPort);
  try {
    return await listenForMetrics({ host, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    app.log.warn({ port }, 'the default metrics port is taken; serving metrics on a free one (set METRICS_PORT to choose)');
    return listenForMetrics({ host, port: 0 });
  }
}
