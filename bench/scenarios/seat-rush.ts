import { startCpuMeter } from '../lib/cpu-usage.ts';
import type { CpuUsage } from '../lib/cpu-usage.ts';
import { runSeatRush } from '../lib/seat-rush-load.ts';
import type { SeatRushResult } from '../lib/seat-rush-load.ts';
import { checkSeatLedger, seatLedgerViolations } from '../lib/seat-ledger.ts';
import type { SeatLedgerCheck } from '../lib/seat-ledger.ts';
import { median } from '../lib/stats.ts';
import { startTicketingAlone } from '../lib/ticketing-alone.ts';
import type { TicketingUnderLoad } from '../lib/ticketing-alone.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SEATS_PER_ROW = 25;
const ROWS = Number(process.env.BENCH_SEAT_ROWS ?? 20);
/** The longest a round may take, sold out or not. */
const TIME_BOUND_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const REFRESH_AFTER_CONFLICTS = 3;

interface RushRound {
  rush: SeatRushResult;
  cpu: CpuUsage;
  ledger: SeatLedgerCheck;
}

/**
 * `npm run bench -- seat-rush`: `BENCH_CONNECTIONS` clients racing for the seats of one event
 * (hold, then book), a new event each round, until it is sold out; then the double-booking check
 * straight from ticketing's tables. Prints bookings/s, hold and booking p50/p99 and conflicts
 * (medians over the rounds), and fails if any check finds anything.
 */
export async function seatRush(): Promise<boolean> {
  if (![ROUNDS, CLIENTS, ROWS, TIME_BOUND_SECONDS].every((n) => Number.isInteger(n) && n > 0)) throw new Error('BENCH_* must be positive integers');
  if (CLIENTS > 256 || ROWS > 100) throw new Error('BENCH_CONNECTIONS ≤ 256 and BENCH_SEAT_ROWS ≤ 100, please: this runs on a shared machine');
  console.log('seat-rush: starting ticketing...');
  const target = await startTicketingAlone();
  try {
    // A member may hold or book only so many seats of one event (MAX_SEATS_PER_MEMBER): enough
    // members that the seats run out before they do, even if each took a single seat.
    const members = await Promise.all(Array.from({ length: CLIENTS + ROWS * SEATS_PER_ROW }, () => target.memberToken()));
    const round = async (): Promise<RushRound> => {
      const eventId = await publishEvent(target);
      const meter = startCpuMeter({ ticketing: target.pid, 'load client': process.pid }, { postgres: [` ${target.databaseName} `] });
      const rush = await runSeatRush({
        api: target.api,
        eventId,
        clients: CLIENTS,
        memberTokens: members,
        timeBoundMs: TIME_BOUND_SECONDS * 1000,
        refreshAfterConflicts: REFRESH_AFTER_CONFLICTS,
      });
      const cpu = meter.stop();
      return { rush, cpu, ledger: await checkSeatLedger(target.databaseUrl, eventId, rush.bookings) };
    };
    console.log(`warm-up: one rush (JIT, pools)`);
    console.log(formatRound('warm-up', await round()));
    const rounds: RushRound[] = [];
    for (let index = 1; index <= ROUNDS; index++) {
      rounds.push(await round());
      console.log(formatRound(`round ${index}`, rounds.at(-1)!));
    }
    return report(rounds, target.notes);
  } finally {
    await target.stop().catch((error: unknown) => console.error(`stopping ticketing failed: ${(error as Error).message}`));
  }
}

/** A seated event of ROWS × 25 seats in two priced sections, created and published by staff. */
async function publishEvent(target: TicketingUnderLoad): Promise<string> {
  const rows = Array.from({ length: ROWS }, (_, i) => rowLabel(i));
  const front = Math.ceil(rows.length / 3);
  const startsAt = new Date(Date.now() + 7 * 24 * 3_600_000);
  const created = await call(target, 'POST', '/api/events', 201, {
    title: `Seat rush ${startsAt.getTime().toString(36)}`,
    description: 'Everyone wants a seat.',
    venue: 'Pustaka Hall, Bandung',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    timezone: 'Asia/Jakarta',
    currency: 'IDR',
    seating: {
      kind: 'seated',
      sections: [
        { name: 'Front', rows: rows.slice(0, front), seatsPerRow: SEATS_PER_ROW, price: 150_000 },
        { name: 'Back', rows: rows.slice(front), seatsPerRow: SEATS_PER_ROW, price: 100_000 },
      ].filter((section) => section.rows.length > 0),
    },
  });
  await call(target, 'POST', `/api/events/${created.id}/publish`, 200);
  return created.id as string;
}

/** A, B, … Z, AA, AB, …: row labels as the layout takes them. */
function rowLabel(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : rowLabel(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));
}

async function call(target: TicketingUnderLoad, method: string, path: string, expected: number, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(target.api + path, {
    method,
    headers: { authorization: `Bearer ${target.staffToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

function formatRound(name: string, { rush, ledger }: RushRound): string {
  const violations = seatLedgerViolations(ledger);
  return (
    `${name}: ${ledger.seatsBooked} of ${ledger.capacity} seats ${rush.soldOut ? 'sold out' : 'sold (NOT sold out)'} in ${(rush.elapsedMs / 1000).toFixed(1)} s, ` +
    `${rush.bookingsPerSecond.toFixed(0)} bookings/s (hold p50 ${rush.holdP50Ms.toFixed(1)} ms, p99 ${rush.holdP99Ms.toFixed(1)} ms; ` +
    `booking p50 ${rush.bookP50Ms.toFixed(1)} ms, p99 ${rush.bookP99Ms.toFixed(1)} ms), ${rush.conflicts} conflicts, ` +
    `double-booking check ${violations === 0 ? '0' : `${violations} VIOLATIONS`}`
  );
}

function report(rounds: RushRound[], notes: string[]): boolean {
  const pick = (get: (round: RushRound) => number) => median(rounds.map(get));
  const sum = (get: (round: RushRound) => number) => rounds.reduce((total, round) => total + get(round), 0);
  const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  const row = (name: string, rate: number, p50: number, p99: number) => `  ${name.padEnd(36)} ${rate.toFixed(0).padStart(8)}   ${ms(p50)}   ${ms(p99)}`;
  const unexpected = new Map<string, number>();
  for (const { rush } of rounds) for (const [key, count] of rush.unexpected) unexpected.set(key, (unexpected.get(key) ?? 0) + count);
  const capacity = rounds[0]!.ledger.capacity;

  console.log(
    `\nseat-rush: ${CLIENTS} clients racing for the ${capacity} seats of one event (hold 1–4 seats side by side, then book), ${rounds.length} rounds (medians)`,
  );
  for (const note of notes) console.log(`  (${note})`);
  console.log(`  ${''.padEnd(36)} ${'per s'.padStart(8)}   ${'p50'.padStart(10)}   ${'p99'.padStart(10)}`);
  console.log(
    row(
      'holds: POST /api/events/:id/holds',
      pick((r) => r.rush.holdRequests / (r.rush.elapsedMs / 1000)),
      pick((r) => r.rush.holdP50Ms),
      pick((r) => r.rush.holdP99Ms),
    ),
  );
  console.log(
    row(
      'bookings: POST /api/bookings (201)',
      pick((r) => r.rush.bookingsPerSecond),
      pick((r) => r.rush.bookP50Ms),
      pick((r) => r.rush.bookP99Ms),
    ),
  );
  console.log(
    `  seats sold ${pick((r) => r.rush.seatsPerSecond).toFixed(0)}/s; sold out in ${(pick((r) => r.rush.elapsedMs) / 1000).toFixed(1)} s ` +
      `(${rounds.filter((r) => r.rush.soldOut).length} of ${rounds.length} rounds sold out within ${TIME_BOUND_SECONDS} s)`,
  );
  console.log(
    `  conflicts (409 SEAT_TAKEN, someone was faster): ${pick((r) => r.rush.conflicts).toFixed(0)} per round, ` +
      `${(100 * pick((r) => r.rush.conflicts / Math.max(1, r.rush.holdRequests))).toFixed(0)}% of holds; ` +
      `seat map loads ${pick((r) => r.rush.seatMapLoads).toFixed(0)}; members at their seat limit, next one took over: ${pick((r) => r.rush.memberSwitches).toFixed(0)}`,
  );
  console.log(
    `  unexpected answers: ${unexpected.size === 0 ? 'none' : [...unexpected].map(([key, count]) => `${key} × ${count}`).join(', ')}; ` +
      `socket errors/timeouts ${sum((r) => r.rush.errors)}`,
  );
  printCpu(rounds);
  const worst = (get: (check: SeatLedgerCheck) => number) => Math.max(...rounds.map((r) => get(r.ledger)));
  const violations = worst(seatLedgerViolations);
  const last = rounds.at(-1)!.ledger;
  console.log(
    `  double-booking check (ticketing's tables, after every round; worst round): ` +
      `${worst((c) => c.doubleBooked)} seats in two confirmed bookings, ${worst((c) => c.doubleAnswered)} seats given out by two 201s, ` +
      `${worst((c) => c.answeredNotBooked + c.bookedNotAnswered)} seats booked ≠ answered, ${worst((c) => c.seatRowsDisagreeing)} seat rows ≠ bookings, ` +
      `${worst((c) => c.holdsOverBookings)} live holds over a booking ` +
      `(last round: ${last.seatsBooked} seats booked = ${last.seatsAnswered} in 201 answers, ${last.stillHeld} still held): ${violations === 0 ? 'PASS' : 'FAIL'}`,
  );
  return violations === 0 && unexpected.size === 0;
}

/** CPU per booking by process, and how busy the whole machine was: a shared machine shows here. */
function printCpu(rounds: RushRound[]): void {
  const perBooking = (get: (cpu: CpuUsage) => number) => median(rounds.map((r) => get(r.cpu) / Math.max(1, r.rush.bookings.length))).toFixed(1);
  const names = Object.keys(rounds[0]!.cpu.processMs);
  const share = (get: (cpu: CpuUsage) => number) => `${(median(rounds.map((r) => get(r.cpu))) * 100).toFixed(0)}%`;
  console.log(
    `  CPU ms per booking (medians): ${names.map((name) => `${name} ${perBooking((cpu) => cpu.processMs[name] ?? 0)}`).join(', ')}; ` +
      `whole machine ${perBooking((cpu) => cpu.machineBusyMs)}, busy ${share((cpu) => cpu.busyShare)} (steal ${share((cpu) => cpu.stealShare)}; ` +
      "the whole machine includes anyone else's processes)",
  );
}
