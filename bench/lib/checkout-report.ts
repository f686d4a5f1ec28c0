import { ACTIVITY_KINDS, formatActivity } from './pg-activity.ts';
import type { ActivityKind, ActivityProfile } from './pg-activity.ts';
import type { CpuUsage } from './cpu-usage.ts';
import type { EventDrain } from './event-drain.ts';
import type { OrderLoadResult } from './order-load.ts';
import type { PgbenchResult } from './pgbench.ts';
import type { LedgerCheck } from './stock-ledger.ts';
import { median } from './stats.ts';

export interface CheckoutRound {
  system: OrderLoadResult;
  pgbench: PgbenchResult;
  ledger: LedgerCheck;
  drain: EventDrain;
  activity: { system: ActivityProfile; pgbench: ActivityProfile };
  cpu: { system: CpuUsage; pgbench: CpuUsage };
}

export interface CheckoutSetting {
  title: string;
  connections: number;
  seconds: number;
  target: number;
  /** Database name → label for the activity lines. */
  databases: Record<string, string>;
  notes: string[];
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
const int = (value: number) => value.toLocaleString('en-US');

export function formatRound(index: number, round: CheckoutRound): string {
  const { system, pgbench, ledger } = round;
  return (
    `round ${index}: system ${system.ordersPerSecond.toFixed(0)} orders/s (p50 ${system.p50Ms} ms, p99 ${system.p99Ms} ms), ` +
    `pgbench ${pgbench.tps.toFixed(0)} tps (p50 ${pgbench.p50Ms.toFixed(1)} ms, p99 ${pgbench.p99Ms.toFixed(1)} ms), ` +
    `ratio ${(system.ordersPerSecond / pgbench.tps).toFixed(2)}, events through ${(round.drain.ms / 1000).toFixed(1)} s after the load${round.drain.pending ? ` (${round.drain.pending} STILL PENDING)` : ''}, ledger ${ledger.mismatched === 0 ? 'balanced' : `${ledger.mismatched} books OUT OF BALANCE`}`
  );
}

/** Prints the medians, the ratio against the target and the oversell check; true when both hold. */
export function reportCheckout(setting: CheckoutSetting, rounds: CheckoutRound[], crashed: string | undefined): boolean {
  const pick = (get: (round: CheckoutRound) => number) => median(rounds.map(get));
  const ratio = pick((round) => round.system.ordersPerSecond / round.pgbench.tps);
  const sum = (get: (round: CheckoutRound) => number) => rounds.reduce((total, round) => total + get(round), 0);
  const ledger = rounds.at(-1)!.ledger;
  const outOfBalance = Math.max(...rounds.map((round) => round.ledger.mismatched));
  const row = (name: string, rate: number, p50: number, p99: number) => `  ${name.padEnd(34)} ${rate.toFixed(0).padStart(8)}   ${ms(p50)}   ${ms(p99)}`;

  console.log(`\n${setting.title}: ${setting.connections} clients, ${rounds.length} rounds of ${setting.seconds} s, pgbench and system alternating (medians)`);
  for (const note of setting.notes) console.log(`  (${note})`);
  console.log(`  ${''.padEnd(34)} ${'orders/s'.padStart(8)}   ${'p50'.padStart(10)}   ${'p99'.padStart(10)}`);
  console.log(
    row(
      'system: POST /api/orders (gateway)',
      pick((r) => r.system.ordersPerSecond),
      pick((r) => r.system.p50Ms),
      pick((r) => r.system.p99Ms),
    ),
  );
  console.log(
    row(
      'pgbench: bare transaction',
      pick((r) => r.pgbench.tps),
      pick((r) => r.pgbench.p50Ms),
      pick((r) => r.pgbench.p99Ms),
    ),
  );
  const ratioPass = ratio >= setting.target;
  console.log(`  ratio ${ratio.toFixed(2)} of pgbench (median of the rounds' ratios; target ≥ ${setting.target.toFixed(1)}): ${ratioPass ? 'PASS' : 'FAIL'}`);
  const ledgerPass = outOfBalance === 0 && !crashed;
  console.log(
    `  oversell check: ${outOfBalance} of ${ledger.books} books out of balance after any round ` +
      `(after the last: sold ${int(ledger.sold)} = ordered ${int(ledger.ordered)} = reserved ${int(ledger.reserved)}; stock ≥ 0; ` +
      `${ledger.held} reservations still held): ${ledgerPass ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `  events (outbox relays → RabbitMQ → catalog consumer) were through ${(pick((r) => r.drain.ms) / 1000).toFixed(1)} s after the load (median), ` +
      `i.e. they lag the orders; the next round waits for them, and CPU per order below includes that work`,
  );
  console.log(
    `  system responses: 201 ${int(sum((r) => r.system.placed))}, 409 ${sum((r) => r.system.conflicts)}, 5xx ${sum((r) => r.system.serverErrors)}, ` +
      `other non-2xx ${sum((r) => r.system.otherNon2xx)}, socket errors/timeouts ${sum((r) => r.system.errors)}; pgbench failed transactions ${sum((r) => r.pgbench.failed)}`,
  );
  if (crashed) console.log(`  the cluster went down during the run: ${crashed}`);
  printCpu(rounds);
  console.log(
    '  PostgreSQL sessions by state, mean over the rounds (lock: row-lock wait; wal: WAL/IO; cpu: executing; client: in a transaction, waiting for the client):',
  );
  for (const side of ['system', 'pgbench'] as const) {
    for (const [database, label] of Object.entries(setting.databases)) {
      if (!rounds[0]!.activity[side][database]) continue;
      const kinds = Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, sum((r) => r.activity[side][database]?.[kind] ?? 0) / rounds.length])) as Record<
        ActivityKind,
        number
      >;
      console.log(`    ${formatActivity(`${side === 'system' ? '' : 'pgbench '}${label}`, kinds)}`);
    }
  }
  return ratioPass && ledgerPass;
}

/** CPU per order, machine-wide and per process: what each side spends on one order, and whether the machine was full. */
function printCpu(rounds: CheckoutRound[]): void {
  const orders = (round: CheckoutRound, side: 'system' | 'pgbench') => Math.max(1, side === 'system' ? round.system.placed : round.pgbench.transactions);
  const perOrder = (side: 'system' | 'pgbench', get: (cpu: CpuUsage) => number) => median(rounds.map((r) => get(r.cpu[side]) / orders(r, side))).toFixed(2);
  const byProcess = (side: 'system' | 'pgbench') =>
    Object.keys(rounds[0]!.cpu[side].processMs)
      .map((name) => `${name} ${perOrder(side, (cpu) => cpu.processMs[name] ?? 0)}`)
      .join(', ');
  const share = (get: (round: CheckoutRound) => number) => `${(median(rounds.map(get)) * 100).toFixed(0)}%`;
  console.log(
    `  CPU ms per order (medians): whole machine ${perOrder('system', (cpu) => cpu.machineBusyMs)} (system) vs ${perOrder('pgbench', (cpu) => cpu.machineBusyMs)} (pgbench)`,
  );
  console.log(`    system: ${byProcess('system')}`);
  console.log(`    pgbench: ${byProcess('pgbench')}`);
  console.log(
    `  machine busy: ${share((r) => r.cpu.system.busyShare)} in system rounds, ${share((r) => r.cpu.pgbench.busyShare)} in pgbench rounds ` +
      `(steal ${share((r) => r.cpu.system.stealShare)} / ${share((r) => r.cpu.pgbench.stealShare)}; whole machine includes other people's processes)`,
  );
}
