import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabases } from '@pustaka/cluster';
import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import type { DashboardFill } from '../lib/dashboard-fill.ts';
import { startChildServer } from '../lib/child-server.ts';
import { createDatabase, queryRows } from '../lib/pg.ts';
import { postgresAnswers } from '../lib/seeded-shop.ts';
import type { Backend } from '../lib/seeded-shop.ts';
import { percentile } from '../lib/stats.ts';
import { startStandInIdentity } from '../lib/stand-in-identity.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100);
const SIZES = (process.env.BENCH_DASHBOARD_ORDERS ?? '10000,1000000').split(',').map(Number);
// Distinct ranges of each length, each asked once cold, then again and again cached.
const COLD = Number(process.env.BENCH_COLD ?? 200);
const CACHED_ROUNDS = Number(process.env.BENCH_CACHED_ROUNDS ?? 5);
// The direct aggregation is slow on a big shop: at most this many requests or seconds per range.
const DIRECT = Number(process.env.BENCH_DIRECT ?? 30);
const DIRECT_SECONDS = Number(process.env.BENCH_DIRECT_SECONDS ?? 60);
const FILL_TIMEOUT_MS = Number(process.env.BENCH_FILL_MINUTES ?? 40) * 60_000;
// Keep each filled PostgreSQL database for the next run (named by the shop and the code that fills it).
const KEEP = process.env.BENCH_KEEP_DATABASE === '1';
// What decides the filled rows: a change to any of these makes a kept database a different one.
const FILL_SOURCES = [
  'services/analytics/migrations',
  'services/analytics/src/rollups',
  'services/orders/migrations',
  'services/catalog/migrations',
  'apps/seed/src/generate',
  'bench/lib/dashboard-fill.ts',
];
const TARGETS = { cachedP99Ms: 5, coldP99Ms: 50, speedupAtLargest: 20, coldGrowth: 2 };
// The seeded history ends on 2026-01-01 (SEEDED_UNTIL): the ranges end in its last days.
const LAST_DAY = '2025-12-31';
const SERVER = fileURLToPath(new URL('../servers/dashboard-shop.ts', import.meta.url));
const PORT = Number(process.env.BENCH_PORT ?? 18130);

/** One length of range the bench asks for. */
interface RangeKind {
  name: string;
  days: number;
  granularity: 'day' | 'month';
}
const KINDS: RangeKind[] = [
  { name: '30 days', days: 30, granularity: 'day' },
  { name: 'a year', days: 365, granularity: 'month' },
];

interface Latencies {
  cold: number[];
  cached: number[];
  direct: number[];
}

type Json = Record<string, any>;

/**
 * `npm run bench -- dashboard`: analytics alone (PostgreSQL when it answers, else PGlite; Redis
 * when it answers, else the in-process cache) over the seeded shop at each size of
 * BENCH_DASHBOARD_ORDERS. For 30 days and for a year: `GET /api/dashboard/summary` on COLD
 * distinct ranges once each (every one a miss, checked by analytics' own count of computations),
 * then the same ranges again (every one a hit), and beside them the same sales figures aggregated
 * straight from the orders tables (`/bench/dashboard-direct`), whose figures must agree with
 * analytics'. One request at a time, from this process, on loopback.
 */
export async function dashboard(): Promise<boolean> {
  if (![SEED, BOOKS, MEMBERS, EVENTS, COLD, CACHED_ROUNDS, DIRECT, DIRECT_SECONDS, ...SIZES].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('BENCH_* must be positive integers');
  const cluster = clusterOptionsFromEnv(process.env);
  const backend: Backend = (process.env.BENCH_BACKEND as Backend | undefined) ?? ((await postgresAnswers(cluster.postgresUrl)) ? 'postgres' : 'pglite');
  const redis = new URL(cluster.redisUrl);
  redis.pathname = `/${process.env.BENCH_REDIS_DB ?? '11'}`;
  const redisUrl = (await redisAnswers(redis)) ? redis.toString() : undefined;
  const identity = await startStandInIdentity(PORT + 1);
  const started = performance.now();
  const results: Array<{ orders: number; fill: DashboardFill; byKind: Map<string, Latencies>; agree: string[] }> = [];
  try {
    const staff = await identity.issue('staff');
    for (const orders of SIZES) {
      console.log(
        `dashboard: ${orders.toLocaleString('en')} orders, ${BOOKS.toLocaleString('en')} books, ${MEMBERS.toLocaleString('en')} members, ${EVENTS} events (seed ${SEED}) on ${backend}, cache ${redisUrl ? 'Redis' : 'in memory'}: filling...`,
      );
      const server = await startDashboardShop(backend, cluster.postgresUrl, redisUrl, identity.jwksUrl, orders);
      try {
        const { fill } = server;
        if (fill.reused) console.log(`  the database was filled by an earlier run (vacuumed now in ${seconds(fill.vacuumMs ?? 0)} s)`);
        else
          console.log(
            `  filled in ${seconds(fill.generateMs + fill.referenceMs + fill.ordersMs + fill.bookingsMs + fill.analyzeMs)} s: generated ${seconds(fill.generateMs)} s, books and members ${seconds(fill.referenceMs)} s, orders ${seconds(fill.ordersMs)} s (${Math.round(orders / Math.max(fill.ordersMs / 1000, 1e-3))} orders/s into both), bookings and stock ${seconds(fill.bookingsMs)} s, indexes and ANALYZE ${seconds(fill.analyzeMs)} s; then VACUUM ${seconds(fill.vacuumMs ?? 0)} s`,
          );
        const byKind = new Map<string, Latencies>();
        const agree: string[] = [];
        for (const kind of KINDS) {
          const latencies = await measureKind(server.url, staff, kind);
          byKind.set(kind.name, latencies.latencies);
          agree.push(...latencies.disagreements.map((line) => `${kind.name}: ${line}`));
          console.log(`  ${kind.name}: measured (load average ${loadavg()[0]!.toFixed(2)})`);
        }
        results.push({ orders, fill, byKind, agree });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await identity.stop();
  }
  return report(backend, redisUrl !== undefined, results, (performance.now() - started) / 1000);
}

async function measureKind(url: string, token: string, kind: RangeKind): Promise<{ latencies: Latencies; disagreements: string[] }> {
  const headers = { authorization: `Bearer ${token}` };
  // Warm-up ranges of their own (the code and the database's pages), never measured.
  const ranges = Array.from({ length: COLD + 3 }, (_, i) => rangeEnding(addDays(LAST_DAY, -i), kind.days));
  const warmUp = ranges.splice(COLD);
  const summaryPath = (range: BenchRange) => `/api/dashboard/summary?from=${range.from}&to=${range.to}&granularity=${kind.granularity}`;
  const directPath = (range: BenchRange) => `/bench/dashboard-direct?from=${range.from}&to=${range.to}&previousFrom=${range.previousFrom}`;
  for (const range of warmUp) {
    await timed(url + summaryPath(range), headers);
    await timed(url + directPath(range), headers);
  }
  const before = await computations(url);
  const cold: number[] = [];
  let first: Json | undefined;
  for (const range of ranges) {
    const { ms, body } = await timed(url + summaryPath(range), headers);
    cold.push(ms);
    first ??= body;
  }
  const afterCold = await computations(url);
  if (afterCold - before !== ranges.length) throw new Error(`${kind.name}: ${ranges.length} cold requests computed ${afterCold - before} answers`);
  const cached: number[] = [];
  for (let round = 0; round < CACHED_ROUNDS; round++) {
    for (const range of ranges) cached.push((await timed(url + summaryPath(range), headers)).ms);
  }
  if ((await computations(url)) !== afterCold) throw new Error(`${kind.name}: cached requests computed answers`);
  const direct: number[] = [];
  let firstDirect: Json | undefined;
  const deadline = performance.now() + DIRECT_SECONDS * 1000;
  for (const range of ranges.slice(0, DIRECT)) {
    const { ms, body } = await timed(url + directPath(range), headers);
    direct.push(ms);
    firstDirect ??= body;
    if (performance.now() > deadline && direct.length >= 5) break;
  }
  return { latencies: { cold, cached, direct }, disagreements: compareFigures(first!, firstDirect!) };
}

/** Where analytics' summary and the direct aggregation differ (nothing when they agree). */
function compareFigures(summary: Json, direct: Json): string[] {
  const differences: string[] = [];
  for (const name of ['revenue', 'orders', 'cancelledOrders', 'units']) {
    for (const side of ['current', 'previous']) {
      if (summary.totals[name][side] !== direct.totals[name][side])
        differences.push(`${name} ${side}: analytics ${summary.totals[name][side]}, direct ${direct.totals[name][side]}`);
    }
  }
  const lists: Array<[string, string, string, string]> = [
    ['topBooks', 'bookId', 'revenue', 'units'],
    ['topCategories', 'categoryId', 'revenue', 'units'],
    ['topCustomers', 'userId', 'spend', 'orders'],
  ];
  for (const [list, key, measure, count] of lists) {
    const ours = (summary[list] as Json[]).map((e) => `${e[key]}:${e[measure]}:${e[count]}:${e.previous[measure]}:${e.previous[count]}`).join(' ');
    const theirs = (direct[list] as Json[]).map((e) => `${e.key}:${e.measure}:${e.count}:${e.previous.measure}:${e.previous.count}`).join(' ');
    if (ours !== theirs) differences.push(`${list}: analytics ${ours.slice(0, 200)} / direct ${theirs.slice(0, 200)}`);
  }
  return differences;
}

function report(
  backend: Backend,
  redis: boolean,
  results: Array<{ orders: number; byKind: Map<string, Latencies>; agree: string[] }>,
  totalSeconds: number,
): boolean {
  const ms = (value: number) => value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0).padStart(7);
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  console.log(
    `\ndashboard: GET /api/dashboard/summary on ${backend} (cache ${redis ? 'Redis' : 'in memory'}), ${COLD} cold ranges × ${CACHED_ROUNDS} cached rounds per row, one request at a time; ms`,
  );
  console.log(
    `${'orders'.padStart(9)}  ${'range'.padEnd(8)} ${'cold p50'.padStart(8)} ${'p99'.padStart(7)}  ${'cached p50'.padStart(10)} ${'p99'.padStart(7)}  ${'direct p50'.padStart(10)} ${'p99'.padStart(7)} ${'(n)'.padStart(4)}  ${'speedup'.padStart(7)}  cold vs smallest`,
  );
  let passed = true;
  const smallest = results[0];
  const largest = results[results.length - 1];
  for (const result of results) {
    for (const [kind, latency] of result.byKind) {
      const cold = { p50: percentile(latency.cold, 0.5), p99: percentile(latency.cold, 0.99) };
      const cached = { p50: percentile(latency.cached, 0.5), p99: percentile(latency.cached, 0.99) };
      const direct = { p50: percentile(latency.direct, 0.5), p99: percentile(latency.direct, 0.99) };
      const speedup = direct.p50 / cold.p50;
      const base = smallest!.byKind.get(kind)!;
      const growth = cold.p50 / percentile(base.cold, 0.5);
      const checks = [cold.p99 < TARGETS.coldP99Ms, cached.p99 < TARGETS.cachedP99Ms];
      if (result === largest) checks.push(speedup >= TARGETS.speedupAtLargest, growth <= TARGETS.coldGrowth);
      passed &&= checks.every(Boolean) && result.agree.length === 0;
      console.log(
        `${result.orders.toLocaleString('en').padStart(9)}  ${kind.padEnd(8)} ${ms(cold.p50).padStart(8)} ${ms(cold.p99)}  ${ms(cached.p50).padStart(10)} ${ms(cached.p99)}  ${ms(direct.p50).padStart(10)} ${ms(direct.p99)} ${String(latency.direct.length).padStart(4)}  ${`${speedup.toFixed(0)}×`.padStart(7)}  ${`${growth.toFixed(2)}×`.padStart(6)}  ${checks.every(Boolean) ? 'PASS' : 'FAIL'}`,
      );
    }
  }
  for (const result of results) {
    console.log(
      result.agree.length === 0
        ? `  ${result.orders.toLocaleString('en')} orders: analytics' figures equal the direct aggregation's (totals, top books, categories, customers, with the period before)`
        : `  ${result.orders.toLocaleString('en')} orders: FIGURES DIFFER\n    ${result.agree.join('\n    ')}`,
    );
  }
  console.log(
    `targets: cold p99 < ${TARGETS.coldP99Ms} ms, cached p99 < ${TARGETS.cachedP99Ms} ms; at ${largest!.orders.toLocaleString('en')} orders the direct aggregation's p50 ≥ ${TARGETS.speedupAtLargest}× the cold p50 (speedup), and the cold p50 ≤ ${TARGETS.coldGrowth}× the one at ${smallest!.orders.toLocaleString('en')} orders`,
  );
  console.log(`load average ${load} (${totalSeconds.toFixed(0)} s in all): ${passed ? 'PASS' : 'FAIL'}`);
  return passed;
}

interface BenchRange {
  from: string;
  to: string;
  previousFrom: string;
}

function rangeEnding(to: string, days: number): BenchRange {
  const from = addDays(to, -(days - 1));
  return { from, to, previousFrom: addDays(from, -days) };
}

function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; body: Json }> {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as Json };
}

async function computations(url: string): Promise<number> {
  const response = await fetch(`${url}/bench/computations`);
  return ((await response.json()) as { computations: number }).computations;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/**
 * The kept database of a shop: its sizes and seed, and a digest of the code that fills it (as
 * committed, plus any change in the worktree), so a kept database is never read by other code.
 */
function keptDatabaseName(orders: number): string {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const digest = createHash('sha256')
    .update(FILL_SOURCES.map((source) => git('rev-parse', `HEAD:${source}`)).join(''))
    .update(git('diff', 'HEAD', '--', ...FILL_SOURCES))
    .update(git('status', '--porcelain', '--', ...FILL_SOURCES))
    .digest('hex')
    .slice(0, 10);
  return `pustaka_dashbench_${SEED}_${BOOKS}_${MEMBERS}_${orders}_${EVENTS}_${digest}`;
}

/** True when a Redis server answers PING at `url`. */
function redisAnswers(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/** The dashboard shop (bench/servers/dashboard-shop.ts) in its own process, on a database of its own, removed when it stops. */
async function startDashboardShop(backend: Backend, serverUrl: string, redisUrl: string | undefined, jwksUrl: string, orders: number) {
  const env: Record<string, string> = {
    BENCH_SEED: String(SEED),
    BENCH_BOOKS: String(BOOKS),
    BENCH_MEMBERS: String(MEMBERS),
    BENCH_ORDERS: String(orders),
    BENCH_EVENTS: String(EVENTS),
    BENCH_JWKS_URL: jwksUrl,
    BENCH_CACHE_PREFIX: `pustaka-dashbench-${randomBytes(4).toString('hex')}:`,
    // The direct aggregation of a year of a big shop takes seconds.
    HTTP_REQUEST_TIMEOUT_MS: '120000',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    NODE_ENV: 'production',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  let cleanUp: () => Promise<void>;
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'pustaka-dashbench-'));
    env.DATA_DIR = dataDir;
    cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const name = KEEP ? keptDatabaseName(orders) : `pustaka_dashbench_${randomBytes(4).toString('hex')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    const exists = (await queryRows(serverUrl, 'select 1 from pg_database where datname = $1', [name])).length > 0;
    // A kept database is reused only once its fill said it was done (a run stopped halfway leaves one that is not).
    const done =
      exists && (await queryRows(url.toString(), `select 1 from pg_tables where schemaname = 'public' and tablename = 'dashboard_bench_filled'`)).length > 0;
    if (exists && !done) await dropDatabases(serverUrl, [name]);
    if (!done) await createDatabase(serverUrl, name);
    if (KEEP) console.log(`  database ${name} (kept: ${done ? 'filled by an earlier run' : 'new'})`);
    cleanUp = KEEP ? async () => {} : () => dropDatabases(serverUrl, [name]);
  }
  try {
    let fill: (DashboardFill & { vacuumMs?: number }) | undefined;
    const child = await startChildServer(SERVER, env, {
      port: PORT,
      readyTimeoutMs: FILL_TIMEOUT_MS,
      onLine: (line) => {
        if (line.startsWith('FILLED ')) fill = JSON.parse(line.slice('FILLED '.length)) as DashboardFill;
      },
    });
    if (!fill) {
      await child.stop();
      throw new Error('the dashboard shop listened without saying how its fill went');
    }
    return {
      url: child.url,
      fill,
      stop: async () => {
        await child.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}
