import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from './registry.ts';

export interface MetricsListener {
  /** e.g. `http://127.0.0.1:9002/metrics`. */
  url: string;
  close(): Promise<void>;
}

/** The gap between a process's HTTP port and its metrics port: catalog 3002 → 9002, 8080 → 14080. */
const METRICS_PORT_OFFSET = 6000;

/**
 * Where a process serves its metrics when METRICS_PORT is not set: its HTTP port + 6000, so each
 * service of a cluster on one machine gets its own without configuration (identity 9001, catalog
 * 9002, ...); an ephemeral port when the HTTP port is one too (0) or the sum would not fit.
 *
 * @example
 *   defaultMetricsPort(3002); // 9002
 */
export function defaultMetricsPort(httpPort: number): number {
  const port = httpPort + METRICS_PORT_OFFSET;
  return httpPort === 0 || port > 65_535 ? 0 : port;
}

/**
 * `GET /metrics` in Prometheus text format on a listener of its own, never on the public port: the
 * figures reveal traffic and internals, and a port of its own (loopback by default; `0.0.0.0` in a
 * container whose Prometheus scrapes it over the pod network) keeps them off the gateway and the
 * internet whatever a proxy forwards. Everything else on it is 404.
 *
 * @example
 *   const metrics = await listenForMetrics({ host: '127.0.0.1', port: 9002 });
 *   // curl http://127.0.0.1:9002/metrics
 */
export async function listenForMetrics(options: { host: string; port: number }): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    register.metrics().then(
      (text) => response.writeHead(200, { 'content-type': register.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return { url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
