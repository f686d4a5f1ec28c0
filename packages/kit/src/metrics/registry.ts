import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * Every kit module and service registers on prom-client's default registry, so one `GET /metrics`
 * shows them all.
 */
export { register };

/**
 * A counter, created once per process. prom-client throws when a name is registered twice, which
 * happens whenever a module is set up more than once in a process (several servers in one test,
 * every service in the embedded process): the second caller gets the first caller's metric.
 *
 * @example
 *   const published = counter('pustaka_bus_published_total', 'Events published', ['event']);
 *   published.inc({ event: 'order.placed' });
 */
export function counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return existing(name, Counter) ?? new Counter({ name, help, labelNames });
}

/**
 * A gauge, created once per process (see `counter`).
 *
 * @example
 *   const backlog = gauge('pustaka_outbox_pending', 'Outbox rows not yet published', ['service']);
 *   backlog.set({ service: 'orders' }, 3);
 */
export function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return existing(name, Gauge) ?? new Gauge({ name, help, labelNames });
}

/**
 * A histogram, created once per process (see `counter`). Each bucket costs a little on every
 * observation and a series per label combination, so pass only the buckets a dashboard needs.
 *
 * @example
 *   const latency = histogram('pustaka_rpc_duration_seconds', 'gRPC call duration', ['method'], [0.01, 0.1, 1]);
 *   latency.observe({ method: 'Reserve' }, 0.012);
 */
export function histogram<L extends string = never>(name: string, help: string, labelNames: readonly L[] = [], buckets?: number[]): Histogram<L> {
  return existing(name, Histogram) ?? new Histogram({ name, help, labelNames, ...(buckets ? { buckets } : {}) });
}

/**
 * Starts a counter's series for each of a label's known values at 0, once per process: a rate or
 * an alert then reads 0 before the first occurrence instead of finding no series at all.
 *
 * @example
 *   const swept = fromZero(counter('pustaka_catalog_reservations_swept_total', 'Swept', ['outcome']), 'outcome', ['committed', 'released']);
 */
export function fromZero<L extends string>(metric: Counter<L>, label: L, values: readonly string[]): Counter<L> {
  if (!startedFromZero.has(metric)) {
    startedFromZero.add(metric);
    for (const value of values) metric.inc({ [label]: value } as Partial<Record<L, string>>, 0);
  }
  return metric;
}

const startedFromZero = new WeakSet<object>();

function existing<M>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
  const metric = register.getSingleMetric(name);
  if (metric === undefined) return undefined;
  // Two modules using one name for different kinds is a bug to surface, not to paper over.
  if (!(metric instanceof kind)) throw new Error(`Metric ${name} is already registered as another kind`);
  return metric;
}

let defaultsCollected = false;

/** Process metrics (CPU, memory, event-loop lag, GC), once per process however many servers start. */
export function collectProcessMetrics(): void {
  if (defaultsCollected || register.getSingleMetric('process_cpu_user_seconds_total')) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register });
}
