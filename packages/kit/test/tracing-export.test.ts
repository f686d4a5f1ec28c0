import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { registerTracing, tracer } from '../src/tracing/index.ts';

// Its own file, so its own process: the first registerTracing of a process is the one kept.
const received: { url: string | undefined; body: string }[] = [];
const collector = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ url: request.url, body });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

it('sends spans over OTLP/HTTP to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, named by service', async () => {
  const { port } = collector.address() as AddressInfo;
  const tracing = await registerTracing({ serviceName: 'export-test', otlpEndpoint: `http://127.0.0.1:${port}/` });
  tracer.startActiveSpan('work worth seeing', (span) => span.end());
  await tracing.flush();
  expect(received.map((request) => request.url)).toEqual(['/v1/traces']);
  expect(received[0]!.body).toContain('"work worth seeing"');
  expect(received[0]!.body).toContain('"export-test"');
});
