import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withClient } from './pg.ts';
import { percentile } from './stats.ts';

const run = promisify(execFile);
const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

export interface PgbenchResult {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  transactions: number;
  failed: number;
}

/**
 * The bare checkout transaction in a scratch schema shaped like the services' own tables (same
 * columns, keys and indexes as catalog.books, orders.orders/order_items and the kit's outbox), so
 * each statement costs what it costs there, minus everything around it.
 */
export async function createBareSchema(url: string, books: number, stock: number): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`
      create schema bench;
      create table bench.books (
        id uuid primary key, title text not null, price integer not null, currency char(3) not null,
        stock integer not null check (stock >= 0), updated_at timestamptz not null);
      insert into bench.books
        select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'Book ' || n, 1500, 'USD', ${Number(stock)}, now()
        from generate_series(1, ${Number(books)}) as n;
      create table bench.orders (
        id uuid primary key, user_id uuid not null, status text not null check (status in ('placed', 'cancelled', 'fulfilled')),
        total integer not null check (total >= 0), currency char(3) not null, created_at timestamptz not null, updated_at timestamptz not null);
      create index on bench.orders (user_id, created_at desc, id desc);
      create table bench.order_items (
        order_id uuid not null references bench.orders (id) on delete cascade, book_id uuid not null, title text not null,
        unit_price integer not null, quantity integer not null check (quantity > 0), primary key (order_id, book_id));
      create index on bench.order_items (book_id, order_id);
      create table bench.outbox (
        seq bigint generated always as identity primary key, event_id uuid not null, type text not null,
        envelope jsonb not null, created_at timestamptz not null default now(), published_at timestamptz);
      create index on bench.outbox (seq) where published_at is null;`);
    // Separately: a multi-statement query runs as one transaction, and VACUUM refuses to.
    await client.query('vacuum analyze');
  });
}

/** The pgbench script: one order of one unit of book `:n` (random over `books`, or always book 1). */
export function bareCheckoutScript(books: number, hot: boolean): string {
  const order = `(lpad(to_hex(:a::bigint), 16, '0') || lpad(to_hex(:b::bigint), 16, '0'))::uuid`;
  const book = `('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid`;
  const user = `('00000000-0000-4000-9000-' || lpad(:u::text, 12, '0'))::uuid`;
  return `${hot ? '\\set n 1' : `\\set n random(1, ${books})`}
\\set u random(1, 64)
\\set a random(1, 4611686018427387903)
\\set b random(1, 4611686018427387903)
BEGIN;
UPDATE bench.books SET stock = stock - 1, updated_at = now() WHERE id = ${book} AND stock >= 1;
INSERT INTO bench.orders (id, user_id, status, total, currency, created_at, updated_at) VALUES (${order}, ${user}, 'placed', 1500, 'USD', now(), now());
INSERT INTO bench.order_items (order_id, book_id, title, unit_price, quantity) VALUES (${order}, ${book}, 'Book ' || :n, 1500, 1);
INSERT INTO bench.outbox (event_id, type, envelope) VALUES (gen_random_uuid(), 'order.placed', jsonb_build_object('type', 'order.placed', 'occurredAt', now(), 'payload', jsonb_build_object('orderId', ${order}, 'userId', ${user}, 'items', jsonb_build_array(jsonb_build_object('bookId', ${book}, 'title', 'Book ' || :n, 'unitPrice', 1500, 'quantity', 1)), 'total', 1500, 'currency', 'USD', 'placedAt', now())));
COMMIT;
`;
}

/**
 * One pgbench run of `script` (extended protocol, as node-postgres speaks it), its tps from the
 * summary and its latency percentiles from the per-transaction log.
 */
export async function runPgbench(url: string, script: string, options: { clients: number; seconds: number }): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pustaka-pgbench-'));
  try {
    const file = join(dir, 'checkout.sql');
    writeFileSync(file, script);
    const args = [
      '-n',
      '-M',
      'extended',
      '-f',
      file,
      '-c',
      String(options.clients),
      '-j',
      '2',
      '-T',
      String(options.seconds),
      '-l',
      `--log-prefix=${join(dir, 'tx')}`,
      url,
    ];
    const { stdout } = await run(PGBENCH, args, { timeout: (options.seconds + 60) * 1000, maxBuffer: 1 << 20 });
    const tps = Number(/^tps = ([\d.]+)/m.exec(stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    if (!Number.isFinite(tps) || !Number.isFinite(transactions)) throw new Error(`unexpected pgbench output:\n${stdout}`);
    const latencies = readLatenciesMs(dir);
    return { tps, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), transactions, failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `client_id transaction_no time_us script_no epoch epoch_us` per line, one file per thread. */
function readLatenciesMs(dir: string): number[] {
  const latencies: number[] = [];
  for (const name of readdirSync(dir).filter((file) => file.startsWith('tx.'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (line && Number.isFinite(micros)) latencies.push(micros / 1000);
    }
  }
  return latencies;
}
