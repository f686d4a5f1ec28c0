import { startBenchCluster } from '../lib/bench-cluster.ts';
import type { BenchCluster } from '../lib/bench-cluster.ts';
import { formatRound, reportCheckout } from '../lib/checkout-report.ts';
import type { CheckoutRound } from '../lib/checkout-report.ts';
import { addCpu, startCpuMeter } from '../lib/cpu-usage.ts';
import { waitForEventsDrained } from '../lib/event-drain.ts';
import { runOrderLoad } from '../lib/order-load.ts';
import { createDatabase, waitForConnectionSlots } from '../lib/pg.ts';
import { sampleActivity } from '../lib/pg-activity.ts';
import { bareCheckoutScript, createBareSchema, runPgbench } from '../lib/pgbench.ts';
import { setUpShop } from '../lib/shop-setup.ts';
import { checkStockLedger } from '../lib/stock-ledger.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 1000);
// The catalog's ceiling per book: enough that neither side's hot book runs out in any sane run.
const STOCK = 1_000_000;
const MEMBERS = 64;
// pgbench's connections plus room for whoever else uses this PostgreSQL meanwhile.
const SLOT_MARGIN = 10;

type Mode = 'spread' | 'hot';
// The broker and the cache serve anyone on this machine; their CPU is shown, marked as shared.
const SHARED = { 'rabbitmq (shared)': ['beam.smp'], 'redis (shared)': ['redis-server'] };

/** `npm run bench -- checkout`: orders spread over every book. */
export function checkout(): Promise<boolean> {
  return runCheckout('spread');
}

/** `npm run bench -- checkout-hot`: every order for one book, so every reservation queues on one row lock. */
export function checkoutHot(): Promise<boolean> {
  return runCheckout('hot');
}

/**
 * Orders through the gateway of the cluster (identity, catalog, orders as processes on real
 * PostgreSQL, Redis, RabbitMQ) against pgbench running the bare transaction (reserve, insert the
 * order, its item and its outbox row) on the same PostgreSQL, rounds alternating so both see the
 * same machine. After each system round every book's ledger is checked across both databases.
 */
async function runCheckout(mode: Mode): Promise<boolean> {
  if (![ROUNDS, SECONDS, WARMUP_SECONDS, CONNECTIONS, BOOKS].every((n) => Number.isInteger(n) && n > 0)) throw new Error('BENCH_* must be positive integers');
  if (CONNECTIONS > 80) throw new Error('BENCH_CONNECTIONS above 80 would not leave PostgreSQL connections for anyone else');
  console.log(`checkout${mode === 'hot' ? '-hot' : ''}: starting the cluster...`);
  const bench = await startBenchCluster();
  const baselineDb = `${bench.prefix}_pgbench`;
  try {
    console.log(`setting up ${BOOKS} books of ${STOCK} units and ${MEMBERS} members through the gateway...`);
    const shop = await setUpShop(bench.gateway, bench.admin, { books: BOOKS, stock: STOCK, members: MEMBERS });
    await createDatabase(bench.serverUrl, baselineDb);
    const baselineUrl = databaseUrl(bench.serverUrl, baselineDb);
    await createBareSchema(baselineUrl, BOOKS, STOCK);
    const script = bareCheckoutScript(BOOKS, mode === 'hot');
    const hotBook = shop.bookIds[0]!;
    const pickBook = mode === 'hot' ? () => hotBook : () => shop.bookIds[Math.floor(Math.random() * shop.bookIds.length)]!;

    const systemRound = async (seconds: number) => {
      const databases = Object.values(bench.cluster.databases).map((database) => database.name);
      const sampler = await sampleActivity(bench.serverUrl, databases, (seconds + 5) * 1000);
      // PostgreSQL names a backend's database in its process title.
      const processes = [
        { ...bench.cluster.pids(), 'load client': process.pid },
        { postgres: databases.map((name) => ` ${name} `), ...SHARED },
      ] as const;
      const meter = startCpuMeter(...processes);
      const system = await runOrderLoad({
        gateway: bench.gateway,
        connections: CONNECTIONS,
        durationSeconds: seconds,
        memberTokens: shop.memberTokens,
        pickBook,
      });
      const cpu = meter.stop();
      const activity = await sampler.stop();
      // The events of these orders are part of their cost: measured until they are through.
      const drainMeter = startCpuMeter(...processes);
      const drain = await waitForEventsDrained(ledgerUrls(bench));
      return { system, cpu: addCpu(cpu, drainMeter.stop()), drain, activity };
    };
    const pgbenchRound = async (seconds: number) => {
      await waitForConnectionSlots(bench.serverUrl, CONNECTIONS + SLOT_MARGIN);
      const sampler = await sampleActivity(bench.serverUrl, [baselineDb], (seconds + 5) * 1000);
      const meter = startCpuMeter({}, { postgres: [` ${baselineDb} `], 'pgbench client': [`/${baselineDb}`], ...SHARED });
      const pgbench = await runPgbench(baselineUrl, script, { clients: CONNECTIONS, seconds });
      return { pgbench, cpu: meter.stop(), activity: await sampler.stop() };
    };

    console.log(`warm-up: ${WARMUP_SECONDS} s each (JIT, pools, caches)`);
    await systemRound(WARMUP_SECONDS);
    await pgbenchRound(WARMUP_SECONDS);
    const rounds: CheckoutRound[] = [];
    for (let index = 1; index <= ROUNDS; index++) {
      // ABBA order: whatever one side leaves behind (autovacuum, checkpoints) falls on both alike.
      const pgbenchFirst = index % 2 === 1;
      const first = pgbenchFirst ? await pgbenchRound(SECONDS) : undefined;
      const { system, cpu, drain, activity } = await systemRound(SECONDS);
      const ledger = await checkStockLedger(ledgerUrls(bench), shop.initialStock);
      const second = first ?? (await pgbenchRound(SECONDS));
      rounds.push({
        system,
        pgbench: second.pgbench,
        ledger,
        drain,
        activity: { system: activity, pgbench: second.activity },
        cpu: { system: cpu, pgbench: second.cpu },
      });
      console.log(formatRound(index, rounds.at(-1)!));
      if (bench.crashed()) break;
    }
    const passed = reportCheckout(
      {
        title: mode === 'hot' ? 'checkout-hot (every order for one book)' : `checkout (one random book of ${BOOKS} per order)`,
        connections: CONNECTIONS,
        seconds: SECONDS,
        target: mode === 'hot' ? 1.0 : 0.5,
        databases: { ...labels(bench), [baselineDb]: 'bare' },
        notes: [...bench.notes, `pgbench -M extended -c ${CONNECTIONS} -j 2 on database ${baselineDb}`],
      },
      rounds,
      bench.crashed(),
    );
    printServiceLines(bench);
    return passed;
  } finally {
    // Drops the baseline's database too: it lives under the cluster's prefix.
    await bench.stop().catch((error: unknown) => console.error(`stopping the cluster failed: ${(error as Error).message}`));
  }
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function ledgerUrls(bench: BenchCluster) {
  return { catalog: bench.cluster.databases.catalog.url, orders: bench.cluster.databases.orders.url };
}

function labels(bench: BenchCluster): Record<string, string> {
  const { databases } = bench.cluster;
  return { [databases.catalog.name]: 'catalog', [databases.orders.name]: 'orders', [databases.identity.name]: 'identity' };
}

/** At LOG_LEVEL=warn any line is news: how many of each kind. */
function printServiceLines(bench: BenchCluster): void {
  const lines = [...bench.logLines()].sort((a, b) => b[1] - a[1]);
  if (lines.length === 0) return console.log('  services printed no warnings or errors');
  console.log('  services printed (LOG_LEVEL=warn):');
  for (const [kind, count] of lines.slice(0, 10)) console.log(`    ${String(count).padStart(6)} × ${kind}`);
}
