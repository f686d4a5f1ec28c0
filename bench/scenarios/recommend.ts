import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import { startCpuMeter } from '../lib/cpu-usage.ts';
import type { CpuUsage } from '../lib/cpu-usage.ts';
import { median } from '../lib/stats.ts';
import { runQueryLoad } from '../lib/query-load.ts';
import type { LoadRequest, QueryLoadResult } from '../lib/query-load.ts';
import { heldOutCases, measureHitRates } from '../lib/recommendation-quality.ts';
import { seededOrders } from '../lib/seeded-books.ts';
import { postgresAnswers, startSeededShop } from '../lib/seeded-shop.ts';
import type { Backend } from '../lib/seeded-shop.ts';
import { startStandInIdentity } from '../lib/stand-in-identity.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200_000);
const HOLDOUT = Number(process.env.BENCH_HOLDOUT ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** The steady rate each route's latency target is held at: a busy shop's book pages, well below what one process serves. */
const RATE = Number(process.env.BENCH_RATE ?? 200);
/** A PostgreSQL database filled by an earlier run (made empty with createdb before the first): kept, and not filled again. */
const REUSE_DATABASE = process.env.BENCH_REUSE_DATABASE;
const TARGET_P95_MS = 20;
// Requests of each route, taken in turn by the clients.
const MIX = 500;

/** One round of a route: its latency at the steady rate, and as fast as the clients go with what that cost. */
interface Round {
  steady: QueryLoadResult;
  saturated: QueryLoadResult;
  cpu: CpuUsage;
}

/**
 * `npm run bench -- recommend`: discovery alone (PostgreSQL when it answers, else PGlite) fed the
 * seeded shop's books and orders as `book.created`, `order.placed` and `order.cancelled` through its
 * own consumers, the last orders held out. Hit rate at ten of "bought together" on the held-out
 * orders against the popularity baselines, then each of the three recommendation routes at a steady rate (where its p95 target is held) and as
 * fast as 16 clients go (what it serves, and what an answer costs in CPU).
 */
export async function recommend(): Promise<boolean> {
  if (![SEED, BOOKS, MEMBERS, ORDERS, HOLDOUT, CLIENTS, ROUNDS, SECONDS, RATE].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('BENCH_* must be positive integers');
  const serverUrl = clusterOptionsFromEnv(process.env).postgresUrl;
  const backend: Backend = (await postgresAnswers(serverUrl)) ? 'postgres' : 'pglite';
  console.log(`recommend: making ${BOOKS} books, ${MEMBERS} members and ${ORDERS} orders (seed ${SEED}), the last ${HOLDOUT} held out...`);
  const shop = seededOrders({ seed: SEED, books: BOOKS, members: MEMBERS, orders: ORDERS });
  const training = shop.orders.slice(0, shop.orders.length - HOLDOUT);
  const cases = heldOutCases(shop.catalog, shop.orders.slice(shop.orders.length - HOLDOUT));
  const identity = await startStandInIdentity(18088);
  try {
    console.log(`feeding discovery alone on ${backend}: the books, then ${training.length} orders through its consumers...`);
    const server = await startSeededShop({
      backend,
      port: 18087,
      seed: SEED,
      books: BOOKS,
      serverUrl,
      ...(backend === 'postgres' && REUSE_DATABASE ? { reuseDatabase: REUSE_DATABASE } : {}),
      env: {
        BENCH_SERVICES: 'discovery',
        BENCH_JWKS_URL: identity.jwksUrl,
        BENCH_MEMBERS: String(MEMBERS),
        BENCH_ORDERS: String(ORDERS),
        BENCH_HOLDOUT: String(HOLDOUT),
      },
    });
    try {
      const { indexed } = server;
      console.log(`  books in ${(indexed.indexMs / 1000).toFixed(1)} s, ${indexed.orders} orders in ${(indexed.ordersMs! / 1000).toFixed(1)} s`);
      console.log(`hit rate at 10 on ${cases.length} held-out orders of two books or more...`);
      const rates = await measureHitRates(server.url, cases);

      const buyers = [...new Set(training.map((order) => order.userId))];
      const tokens = await Promise.all(
        Array.from({ length: Math.min(MIX, buyers.length) }, (_, i) => identity.issue('member', buyers[(i * 7919) % buyers.length])),
      );
      const pick = <T>(items: T[], i: number) => items[(i * 7919) % items.length]!;
      const routes: Array<[string, LoadRequest[]]> = [
        [
          'GET /api/recommendations/popular',
          Array.from({ length: MIX }, (_, i) => ({
            path: `/api/recommendations/popular?${[`category=${pick(shop.catalog.categories, i).id}`, '', 'days=7', 'days=30', 'days=90'][i % 5]}`,
          })),
        ],
        [
          'GET /api/books/:id/recommendations',
          Array.from({ length: MIX }, (_, i) => ({ path: `/api/books/${pick(shop.catalog.books, i).id}/recommendations` })),
        ],
        ['GET /api/recommendations/for-me', tokens.map((token) => ({ path: '/api/recommendations/for-me', headers: { authorization: `Bearer ${token}` } }))],
      ];
      const rounds = new Map<string, Round[]>(routes.map(([name]) => [name, []]));
      console.log(`load: ${ROUNDS} rounds of ${SECONDS} s per route at ${RATE} req/s (open loop), then as fast as ${CLIENTS} clients go`);
      for (const [, requests] of routes) await runQueryLoad({ base: server.url, requests, clients: CLIENTS, durationSeconds: 2 });
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, requests] of routes) {
          const steady = await runQueryLoad({ base: server.url, requests, clients: CLIENTS, durationSeconds: SECONDS, ratePerSecond: RATE });
          const meter = startCpuMeter({ server: server.pid }, server.database ? { postgres: [` ${server.database} `] } : {});
          const saturated = await runQueryLoad({ base: server.url, requests, clients: CLIENTS, durationSeconds: SECONDS });
          rounds.get(name)!.push({ steady, saturated, cpu: meter.stop() });
        }
      }
      return report(backend, indexed, training.length, rates, rounds);
    } finally {
      await server.stop();
    }
  } finally {
    await identity.stop();
  }
}

function report(
  backend: Backend,
  indexed: { books: number; indexMs: number; orders?: number; ordersMs?: number },
  training: number,
  rates: Awaited<ReturnType<typeof measureHitRates>>,
  rounds: Map<string, Round[]>,
): boolean {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  console.log(`\nrecommend: discovery alone on ${backend}, ${BOOKS} books, ${training} orders applied, ${HOLDOUT} held out (seed ${SEED})`);
  console.log(
    `  fed through its consumers: books ${(indexed.indexMs / 1000).toFixed(1)} s, orders ${(indexed.ordersMs! / 1000).toFixed(1)} s (${Math.round(training / (indexed.ordersMs! / 1000))} orders/s)`,
  );
  console.log(`\nhit rate at 10 (${rates.cases} held-out orders of two books or more, seen from their first book):`);
  console.log(`  bought together (GET /api/books/:id/recommendations)   ${pct(rates.boughtTogether).padStart(7)}`);
  console.log(`  popular in the book's category                        ${pct(rates.popularInCategory).padStart(7)}`);
  console.log(`  popular in the shop                                   ${pct(rates.popular).padStart(7)}`);
  const baseline = Math.max(rates.popular, rates.popularInCategory);
  let passed = rates.boughtTogether > baseline;
  console.log(`  ${(rates.boughtTogether / Math.max(baseline, 1e-9)).toFixed(1)}× the better baseline: ${passed ? 'PASS' : 'FAIL'}`);

  const ms = (value: number) => value.toFixed(1).padStart(6);
  console.log(
    `\n${'route'.padEnd(38)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)}  errors   (at ${RATE} req/s, open loop, ${ROUNDS} × ${SECONDS} s, medians, ms)`,
  );
  for (const [name, measured] of rounds) {
    const steady = measured.map((round) => round.steady);
    const p95 = median(steady.map((r) => r.p95Ms));
    const errors = steady.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    const ok = p95 <= TARGET_P95_MS && errors === 0;
    passed &&= ok;
    console.log(
      `${name.padEnd(38)} ${ms(median(steady.map((r) => r.p50Ms)))} ${ms(p95)} ${ms(median(steady.map((r) => r.p99Ms)))}  ${String(errors).padStart(6)}   p95 target ≤ ${TARGET_P95_MS}: ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  // As fast as the clients go, the p95 is mostly the queue: what one answer costs in CPU says more, whatever else the machine was doing.
  console.log(
    `\n${'route'.padEnd(38)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p95'.padStart(6)}  errors  CPU ms per answer   (${CLIENTS} clients, closed loop, medians)`,
  );
  for (const [name, measured] of rounds) {
    const saturated = measured.map((round) => round.saturated);
    const errors = saturated.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    passed &&= errors === 0;
    const perAnswer = (get: (cpu: CpuUsage) => number) => median(measured.map((round) => get(round.cpu) / Math.max(round.saturated.requests, 1))).toFixed(2);
    console.log(
      `${name.padEnd(38)} ${median(saturated.map((r) => r.requestsPerSecond))
        .toFixed(0)
        .padStart(7)} ${ms(median(saturated.map((r) => r.p50Ms)))} ${ms(median(saturated.map((r) => r.p95Ms)))}  ${String(errors).padStart(6)}  ` +
        `discovery ${perAnswer((cpu) => cpu.processMs.server ?? 0)}, PostgreSQL ${perAnswer((cpu) => cpu.processMs.postgres ?? 0)} (machine busy ${(median(measured.map((round) => round.cpu.busyShare)) * 100).toFixed(0)}%)`,
    );
  }
  return passed;
}
