import { Client } from 'undici';
import { percentile } from './stats.ts';

/** One GET: its path, e.g. `/api/search?q=laskar`, and its headers (a member's token). */
export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface QueryLoadOptions {
  /** Where the engine answers, e.g. `http://127.0.0.1:18090`. */
  base: string;
  /** The requests sent in turn (each client takes the next one). */
  requests: LoadRequest[];
  clients: number;
  durationSeconds: number;
  /**
   * Open loop: requests are due at this steady rate whatever the answers take, each one's latency
   * counted from when it was due (so a slow answer delays the next ones' clocks, not the
   * schedule). Unset: a closed loop, each client sending its next request when the last is answered.
   */
  ratePerSecond?: number;
}

export interface QueryLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers other than 200. */
  non2xx: number;
  /** Sockets that failed or requests that timed out. */
  errors: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `clients` clients in a closed loop, each sending its next GET as soon as the last is answered,
 * for a fixed time, or (`ratePerSecond`) sending requests as they fall due at a steady rate, each
 * on the next free client; every answer's latency is kept, so p95 is exact (autocannon's histogram has
 * no p95). The requests are taken in turn, so every run asks the same mix. Loopback only.
 *
 * @example
 *   const result = await runQueryLoad({ base: server.url, requests: [{ path: '/api/search?q=laskar' }], clients: 16, durationSeconds: 10 });
 */
export async function runQueryLoad(options: QueryLoadOptions): Promise<QueryLoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.base)) throw new Error('load is only sent to loopback');
  if (options.requests.length === 0) throw new Error('no requests to send');
  const latencies: number[] = [];
  const tally = { non2xx: 0, errors: 0 };
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  let turn = 0;
  let lastAnswer = started;

  // Each client its own keep-alive connection through undici's `Client`: a request costs the
  // load generator a fraction of what `fetch` does, CPU the server it measures would otherwise lose
  // on a machine of two cores.
  const client = async () => {
    const connection = new Client(options.base, { pipelining: 1, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
    try {
      while (performance.now() < deadline) {
        const index = turn++;
        const { path, headers } = options.requests[index % options.requests.length]!;
        const due = options.ratePerSecond === undefined ? undefined : started + (index * 1000) / options.ratePerSecond;
        if (due !== undefined && due >= deadline) break;
        if (due !== undefined && due > performance.now()) await sleep(due - performance.now());
        const sent = due ?? performance.now();
        try {
          const response = await connection.request({ method: 'GET', path, ...(headers ? { headers } : {}) });
          await response.body.arrayBuffer();
          lastAnswer = performance.now();
          latencies.push(lastAnswer - sent);
          if (response.statusCode !== 200) tally.non2xx += 1;
        } catch {
          tally.errors += 1;
        }
      }
    } finally {
      await connection.close();
    }
  };

  await Promise.all(Array.from({ length: options.clients }, client));
  const seconds = Math.max(1, lastAnswer - started) / 1000;
  return {
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    requests: latencies.length,
    ...tally,
  };
}
