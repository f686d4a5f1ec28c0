import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import { startCpuMeter } from '../lib/cpu-usage.ts';
import type { CpuUsage } from '../lib/cpu-usage.ts';
import { median } from '../lib/stats.ts';
import { runQueryLoad } from '../lib/query-load.ts';
import type { QueryLoadResult } from '../lib/query-load.ts';
import { measureFreshness } from '../lib/search-freshness.ts';
import type { FreshnessResult } from '../lib/search-freshness.ts';
import { QUERY_KINDS, searchCases } from '../lib/search-queries.ts';
import { measureRelevance } from '../lib/search-relevance.ts';
import type { Relevance, SearchEngine } from '../lib/search-relevance.ts';
import { seededCatalog } from '../lib/seeded-books.ts';
import { postgresAnswers, startOramaSearch, startSeededShop } from '../lib/seeded-shop.ts';
import type { Backend, Indexed, SeededServer, SeededShopOptions } from '../lib/seeded-shop.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);
const PER_KIND = Number(process.env.BENCH_QUERIES_PER_KIND ?? 40);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const UPDATES = Number(process.env.BENCH_FRESHNESS_UPDATES ?? 40);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Backend[];
// Where the servers listen: the shops from here, Orama at +9 (two runs side by side need two bases).
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 18090);
// A PostgreSQL database an earlier run filled with the same books, used as it is and kept, and
// the password its admin was made with (the freshness step signs in as them).
const REUSE_DATABASE = process.env.BENCH_REUSE_DATABASE;
const REUSE_ADMIN_PASSWORD = process.env.BENCH_REUSE_ADMIN_PASSWORD;
const TARGET_P95_MS = 20;
const TARGET_TOP_FIVE = 0.95;

interface EngineRun {
  engine: SearchEngine;
  /** The discovery engine of a backend, held to the targets. */
  backend?: Backend;
  relevance?: Relevance;
  rounds: QueryLoadResult[];
  /** What the engine's process (and its PostgreSQL sessions) and this one, the load client, used in each round. */
  cpu: CpuUsage[];
  pid?: number | undefined;
  database?: string | undefined;
}

/**
 * `npm run bench -- search`: discovery's search over the seeded shop's books (100k by default),
 * filled through its own consumer, through HTTP at 16 clients, on PGlite and (when it answers)
 * PostgreSQL; beside it, in the same run and over the same books, Orama in its own process and
 * the naive `ILIKE '%…%'` on the same database. Rounds alternate between the engines so all see
 * the same machine; medians are reported. Then the time from a book's renaming to its new title
 * being found.
 */
export async function search(): Promise<boolean> {
  if (![SEED, BOOKS, PER_KIND, CLIENTS, ROUNDS, SECONDS, UPDATES, PORT_BASE].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('BENCH_* must be positive integers');
  const serverUrl = clusterOptionsFromEnv(process.env).postgresUrl;
  const backends: Backend[] = [];
  const notes: string[] = [];
  for (const backend of BACKENDS) {
    if (backend === 'postgres' && !(await postgresAnswers(serverUrl))) notes.push(`PostgreSQL at ${new URL(serverUrl).host} does not answer: PGlite only`);
    else backends.push(backend);
  }
  console.log(`search: making ${BOOKS} books (seed ${SEED}) and ${PER_KIND * QUERY_KINDS.length} queries...`);
  const cases = searchCases(seededCatalog({ seed: SEED, books: BOOKS }), SEED, PER_KIND);

  const servers: Array<{ stop(): Promise<void> }> = [];
  try {
    const indexing: Array<[string, Indexed]> = [];
    const runs: EngineRun[] = [];
    const shops = new Map<Backend, SeededServer>();
    for (const [i, backend] of backends.entries()) {
      console.log(`filling the shop on ${backend}: ${BOOKS} book.created events through discovery's consumer...`);
      const reuse: Pick<SeededShopOptions, 'reuseDatabase' | 'adminPassword'> = {};
      if (backend === 'postgres' && REUSE_DATABASE) {
        reuse.reuseDatabase = REUSE_DATABASE;
        if (REUSE_ADMIN_PASSWORD) reuse.adminPassword = REUSE_ADMIN_PASSWORD;
        notes.push(`PostgreSQL: the books already in ${REUSE_DATABASE} (indexing time is only the check)`);
      }
      const shop = await startSeededShop({ backend, port: PORT_BASE + i, seed: SEED, books: BOOKS, serverUrl, ...reuse });
      servers.push(shop);
      shops.set(backend, shop);
      indexing.push([`discovery on ${backend}`, shop.indexed]);
      console.log(`  indexed in ${(shop.indexed.indexMs / 1000).toFixed(1)} s`);
      const where = { pid: shop.pid, database: shop.database };
      runs.push({
        engine: { name: `discovery (${backend})`, base: shop.url, path: (q) => `/api/search?q=${encodeURIComponent(q)}` },
        backend,
        rounds: [],
        cpu: [],
        ...where,
      });
      runs.push({
        engine: { name: `ILIKE (${backend})`, base: shop.url, path: (q) => `/bench/ilike?q=${encodeURIComponent(q)}` },
        rounds: [],
        cpu: [],
        ...where,
      });
    }
    console.log('filling Orama with the same books...');
    const orama = await startOramaSearch({ port: PORT_BASE + 9, seed: SEED, books: BOOKS });
    servers.push(orama);
    indexing.push(['Orama, in memory', orama.indexed]);
    runs.push({
      engine: { name: 'Orama (own process)', base: orama.url, path: (q) => `/search?q=${encodeURIComponent(q)}` },
      rounds: [],
      cpu: [],
      pid: orama.pid,
    });

    console.log(`relevance: ${cases.length} queries, one at a time, on each engine...`);
    for (const run of runs) run.relevance = await measureRelevance(run.engine, cases);

    console.log(`load: ${CLIENTS} clients, warm-up ${WARMUP_SECONDS} s, then ${ROUNDS} rounds of ${SECONDS} s per engine`);
    const load = (run: EngineRun, seconds: number) =>
      runQueryLoad({ base: run.engine.base, requests: cases.map((query) => ({ path: run.engine.path(query.q) })), clients: CLIENTS, durationSeconds: seconds });
    for (const run of runs) await load(run, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with another engine, so none is always the one after the slowest.
      const order = runs.map((_, i) => runs[(i + round) % runs.length]!);
      for (const run of order) {
        const meter = startCpuMeter({ server: run.pid, 'load client': process.pid }, run.database ? { postgres: [` ${run.database} `] } : {});
        run.rounds.push(await load(run, SECONDS));
        run.cpu.push(meter.stop());
      }
      console.log(`round ${round + 1}: ${runs.map((run) => `${run.engine.name} ${run.rounds.at(-1)!.p95Ms.toFixed(1)} ms p95`).join(', ')}`);
    }

    const freshness = new Map<Backend, FreshnessResult>();
    for (const [backend, shop] of shops) {
      console.log(`freshness on ${backend}: ${UPDATES} books renamed one after another...`);
      freshness.set(backend, await measureFreshness(shop.url, shop.admin, UPDATES));
    }
    return report(runs, indexing, freshness, notes, cases.length);
  } finally {
    for (const server of servers.reverse())
      await server.stop().catch((error: unknown) => console.error(`stopping a server failed: ${(error as Error).message}`));
  }
}

function report(runs: EngineRun[], indexing: Array<[string, Indexed]>, freshness: Map<Backend, FreshnessResult>, notes: string[], queries: number): boolean {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const ms = (value: number) => value.toFixed(1).padStart(6);
  console.log(
    `\nsearch: ${BOOKS} seeded books (seed ${SEED}), ${queries} queries (${PER_KIND} of each kind), ${CLIENTS} clients, ${ROUNDS} rounds of ${SECONDS} s (medians)`,
  );
  for (const note of notes) console.log(`  note: ${note}`);
  for (const [name, indexed] of indexing) {
    console.log(`  indexing, ${name}: ${(indexed.indexMs / 1000).toFixed(1)} s (${Math.round(indexed.books / (indexed.indexMs / 1000))} books/s)`);
  }
  const kinds = QUERY_KINDS.map((kind) => kind.padStart(11)).join('');
  console.log(
    `\n${'engine'.padEnd(22)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)}  ${'top-5'.padStart(6)}${kinds}  errors`,
  );
  for (const run of runs) {
    const r = run.rounds;
    const rps = median(r.map((x) => x.requestsPerSecond));
    const byKind = QUERY_KINDS.map((kind) => pct(run.relevance!.byKind[kind]).padStart(11)).join('');
    const errors = r.reduce((sum, x) => sum + x.errors + x.non2xx, 0);
    console.log(
      `${run.engine.name.padEnd(22)} ${rps.toFixed(0).padStart(7)} ${ms(median(r.map((x) => x.p50Ms)))} ${ms(median(r.map((x) => x.p95Ms)))} ${ms(median(r.map((x) => x.p99Ms)))}  ${pct(run.relevance!.topFive).padStart(6)}${byKind}  ${errors}`,
    );
  }
  console.log('  (ms through HTTP on loopback; top-5: share of queries whose intended book is among the first five hits)');

  const orama = runs.find((run) => run.engine.name.startsWith('Orama'))!;
  const oramaRps = median(orama.rounds.map((x) => x.requestsPerSecond));
  let passed = true;
  console.log('');
  for (const run of runs.filter((each) => each.backend)) {
    const p95 = median(run.rounds.map((x) => x.p95Ms));
    const rps = median(run.rounds.map((x) => x.requestsPerSecond));
    const topFive = run.relevance!.topFive;
    const errors = run.rounds.reduce((sum, x) => sum + x.errors + x.non2xx, 0);
    const fresh = freshness.get(run.backend!)!;
    const ok = p95 < TARGET_P95_MS && topFive >= TARGET_TOP_FIVE && topFive >= orama.relevance!.topFive && errors === 0 && fresh.missed === 0;
    passed &&= ok;
    console.log(
      `${run.engine.name}: p95 ${p95.toFixed(1)} ms (target < ${TARGET_P95_MS}), top-5 ${pct(topFive)} (target ≥ ${pct(TARGET_TOP_FIVE)} and ≥ Orama's ${pct(orama.relevance!.topFive)}), ` +
        `${(rps / oramaRps).toFixed(2)} of Orama's req/s: ${ok ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  freshness: PATCH 200 → new title found by /api/search, ${fresh.updates} renames: p50 ${fresh.p50Ms.toFixed(1)} ms, p95 ${fresh.p95Ms.toFixed(1)} ms, max ${fresh.maxMs.toFixed(1)} ms${fresh.missed ? `, ${fresh.missed} never found` : ''}`,
    );
    const perSearch = (get: (cpu: CpuUsage) => number) => median(run.cpu.map((cpu, i) => get(cpu) / run.rounds[i]!.requests)).toFixed(2);
    console.log(
      `  CPU ms per search (medians): server ${perSearch((cpu) => cpu.processMs.server ?? 0)}` +
        (run.database ? `, PostgreSQL ${perSearch((cpu) => cpu.processMs.postgres ?? 0)}` : '') +
        `, load client ${perSearch((cpu) => cpu.processMs['load client'] ?? 0)}, whole machine ${perSearch((cpu) => cpu.machineBusyMs)} (anyone's), ` +
        `machine busy ${(median(run.cpu.map((cpu) => cpu.busyShare)) * 100).toFixed(0)}%`,
    );
    for (const missed of run.relevance!.missed.slice(0, 8)) console.log(`  missed (${missed.kind}): ${missed.q}`);
  }
  return passed;
}
