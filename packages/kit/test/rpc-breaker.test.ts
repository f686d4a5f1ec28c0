import { afterAll, describe, expect, it } from 'vitest';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { register } from 'prom-client';
import { createRpcClient, createRpcServer, createRpcTransport, rpcBreakerState } from '../src/rpc/index.ts';
import type { RpcServer } from '../src/rpc/index.ts';
import { createLogger } from '../src/log/logger.ts';
import { inventoryRoutes, sleep } from './rpc-test-inventory.ts';
import type { Seen } from './rpc-test-inventory.ts';

const logger = createLogger({ name: 'rpc-breaker-test', level: 'silent' });
const servers: RpcServer[] = [];

async function startServer(seen: Seen, port = 0): Promise<string> {
  const server = createRpcServer({ routes: inventoryRoutes(seen), port, host: '127.0.0.1', logger });
  servers.push(server);
  return server.listen();
}
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function metric(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const values = (await register.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))?.value;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

const breaker = { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1000 };

describe('the circuit breaker of an rpc client', () => {
  it('opens when the upstream is down, fails fast without calling it, half-opens, and closes on success', async () => {
    const seen: Seen = { calls: 0, requestIds: [] };
    const url = await startServer(seen);
    const port = Number(new URL(url).port);
    const inventory = createRpcClient(Inventory, createRpcTransport(url), { name: 'catalog-down', deadlineMs: 500, breaker });
    expect(await outcome(inventory.getBooks({ ids: ['b-1'] }))).toBe('ok');
    expect(await metric('pustaka_rpc_breaker_state', { client: 'catalog-down' })).toBe(0);

    await servers.pop()!.close();
    const started = Date.now();
    const failures = [];
    for (let i = 0; i < 5; i += 1) failures.push(await outcome(inventory.getBooks({ ids: ['b-1'] })));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failures).toEqual(Array(5).fill('UPSTREAM_UNAVAILABLE'));
    expect(rpcBreakerState('catalog-down')).toBe('open');
    expect(await metric('pustaka_rpc_breaker_state', { client: 'catalog-down' })).toBe(2);
    expect(await metric('pustaka_rpc_client_failures_total', { client: 'catalog-down' })).toBeGreaterThanOrEqual(2);
    const rejectedBefore = (await metric('pustaka_rpc_client_rejections_total', { client: 'catalog-down' })) ?? 0;
    expect(rejectedBefore).toBeGreaterThanOrEqual(1);

    // Back up on the same port, but the breaker is still open: calls never reach it.
    await startServer(seen, port);
    const callsBefore = seen.calls;
    const rejected = await inventory.getBooks({ ids: ['b-1'] }).catch((error: unknown) => error);
    expect(rejected).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    expect((rejected as { retryAfterSeconds: number }).retryAfterSeconds).toBe(1);
    expect(seen.calls).toBe(callsBefore);
    expect(await metric('pustaka_rpc_client_rejections_total', { client: 'catalog-down' })).toBe(rejectedBefore + 1);

    await sleep(breaker.resetTimeoutMs + 100);
    expect(rpcBreakerState('catalog-down')).toBe('half_open');
    expect(await metric('pustaka_rpc_breaker_state', { client: 'catalog-down' })).toBe(1);
    expect(await outcome(inventory.getBooks({ ids: ['b-1'] }))).toBe('ok');
    expect(seen.calls).toBe(callsBefore + 1);
    expect(rpcBreakerState('catalog-down')).toBe('closed');
    expect(await metric('pustaka_rpc_breaker_state', { client: 'catalog-down' })).toBe(0);
  });

  it('opens on deadlines: a hanging upstream is as bad as a dead one', async () => {
    const inventory = createRpcClient(Inventory, createRpcTransport(await startServer({ calls: 0, requestIds: [] })), {
      name: 'catalog-slow',
      deadlineMs: 100,
      breaker,
    });
    const results = await Promise.all(Array.from({ length: 4 }, () => outcome(inventory.getBooks({ ids: ['slow'] }))));
    expect(results).toEqual(Array(4).fill('UPSTREAM_UNAVAILABLE'));
    expect(rpcBreakerState('catalog-slow')).toBe('open');
  });

  it('stays closed however many domain errors the upstream answers', async () => {
    const inventory = createRpcClient(Inventory, createRpcTransport(await startServer({ calls: 0, requestIds: [] })), {
      name: 'catalog-busy',
      breaker,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(i % 2 === 0 ? inventory.reserve({ orderId: `o-${i}`, items: [{ bookId: 'b-1', quantity: 9 }] }) : inventory.getBooks({ ids: ['missing'] })),
      ),
    );
    expect(new Set(results)).toEqual(new Set(['OUT_OF_STOCK', 'BOOK_NOT_FOUND']));
    expect(rpcBreakerState('catalog-busy')).toBe('closed');
    expect(await metric('pustaka_rpc_client_failures_total', { client: 'catalog-busy' })).toBeUndefined();
    expect(await metric('pustaka_rpc_client_calls_total', { client: 'catalog-busy', method: 'Reserve' })).toBe(10);
  });

  it('closes again when the trial call after the reset timeout meets a domain error: the upstream answered', async () => {
    const seen: Seen = { calls: 0, requestIds: [] };
    const url = await startServer(seen);
    const inventory = createRpcClient(Inventory, createRpcTransport(url), { name: 'catalog-flaky', deadlineMs: 100, breaker });
    await Promise.all(Array.from({ length: 4 }, () => outcome(inventory.getBooks({ ids: ['slow'] }))));
    expect(rpcBreakerState('catalog-flaky')).toBe('open');
    await sleep(breaker.resetTimeoutMs + 100);
    expect(await outcome(inventory.getBooks({ ids: ['missing'] }))).toBe('BOOK_NOT_FOUND');
    expect(rpcBreakerState('catalog-flaky')).toBe('closed');
  });
});
