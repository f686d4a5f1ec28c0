import { collectProcessMetrics, histogram, register } from '../metrics/registry.ts';
import type { HttpApp } from './http-app.ts';

/** Probes and the scrape itself would swamp the histogram with series nobody looks at. */
const UNMEASURED = new Set(['/metrics', '/healthz', '/readyz']);

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
 * `GET /metrics` in Prometheus text format, every request's duration in
 * `pustaka_http_request_duration_seconds{method, route, status}`, and the process metrics.
 *
 * The route is unauthenticated so Prometheus can scrape each instance directly on the internal
 * network. It reveals nothing secret, but it does reveal traffic and internals: the gateway must
 * never proxy `/metrics` to the public.
 *
 * @example
 *   registerMetricsRoute(app); // done by createHttpServer
 *   // curl http://catalog:3002/metrics
 */
export function registerMetricsRoute(app: HttpApp): void {
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

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(register.contentType);
    return register.metrics();
  });
}
