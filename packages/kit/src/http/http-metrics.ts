import { collectProcessMetrics, histogram } from '../metrics/registry.ts';
import type { HttpApp } from './http-app.ts';

/** Probes would swamp the histogram with series nobody looks at. */
const UNMEASURED = new Set(['/healthz', '/readyz']);

/**
 * Request durations labelled by route pattern (`/api/books/:id`), never the raw URL: one series per
 * id would grow without bound. Buckets span a cached read (~1 ms) to a slow write (seconds).
 */
const requestDuration = () =>
  histogram(
    'pustaka_http_request_duration_seconds',
    'HTTP request duration, from the first byte to the response, by route pattern',
    ['method', 'route', 'status'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  );

/**
 * Every request's duration in `pustaka_http_request_duration_seconds{method, route, status}`, and
 * the process metrics, on the registry that the process's metrics listener serves (see
 * metrics-server.ts: never on the public port).
 *
 * @example
 *   measureRequests(app); // done by createHttpServer
 */
export function measureRequests(app: HttpApp): void {
  collectProcessMetrics();
  const durations = requestDuration();

  // A callback hook, not an async one: it runs on every response, and a promise per call shows up
  // in throughput (npm run bench -- book-read).
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNMEASURED.has(route)) {
      durations.observe({ method: request.method, route: route ?? 'unmatched', status: reply.statusCode }, reply.elapsedTime / 1000);
    }
    done();
  });
}
