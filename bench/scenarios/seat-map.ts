import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '@pustaka/kit/testing';
import { startChildServer } from '../lib/child-server.ts';
import { runLoad, summarize } from '../lib/load.ts';
import type { LoadResult } from '../lib/load.ts';
import { startTicketingAlone } from '../lib/ticketing-alone.ts';
import type { TicketingUnderLoad } from '../lib/ticketing-alone.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SEATS_PER_ROW = 25;
const ROWS = Number(process.env.BENCH_SEAT_ROWS ?? 200);
const ROWS_PER_SECTION = 50;
/** Other members holding two seats each, so the map has holds in it and an expiry to watch. */
const OTHER_HOLDERS = 40;
const TARGET_RATIO = 0.5;

/**
 * `npm run bench -- seat-map`: the cached `GET /api/events/:id/seats` of one event of ROWS × 25
 * seats (5,000 by default), as a member who holds and has booked seats of it (their own seats laid
 * over the shared map on every request), from ticketing alone in its own process on PostgreSQL and
 * Redis at the default log level, against a bare Fastify route returning the same JSON (serialised
 * on each request, as Fastify does), alternating rounds. Prints requests/s, p50 and p99 (medians)
 * and the ratio.
 */
export async function seatMap(): Promise<boolean> {
  if (![ROUNDS, DURATION, CONNECTIONS, ROWS].every((n) => Number.isInteger(n) && n > 0)) throw new Error('BENCH_* must be positive integers');
  if (CONNECTIONS > 256 || ROWS > 200) throw new Error('BENCH_CONNECTIONS ≤ 256 and BENCH_SEAT_ROWS ≤ 200, please: an event has at most 5,000 seats');
  console.log('seat-map: starting ticketing...');
  const target = await startTicketingAlone({ logLevel: 'info' });
  const dir = mkdtempSync(join(tmpdir(), 'pustaka-seat-map-'));
  try {
    const eventId = await publishEvent(target);
    const member = await target.memberToken();
    // Two seats side by side each, from row B on.
    const seatAt = (k: number) => `${rowLabel(1 + Math.floor(k / SEATS_PER_ROW))}-${(k % SEATS_PER_ROW) + 1}`;
    await Promise.all(
      Array.from({ length: OTHER_HOLDERS }, async (_, n) => hold(target, await target.memberToken(), eventId, [seatAt(3 * n), seatAt(3 * n + 1)])),
    );
    await book(target, member, await hold(target, member, eventId, ['A-1', 'A-2']));
    await hold(target, member, eventId, ['A-10', 'A-11']);

    const headers = { authorization: `Bearer ${member}` };
    const mapUrl = `${target.api}/api/events/${eventId}/seats`;
    const first = await fetch(mapUrl, { headers });
    const body = await first.text();
    const map = JSON.parse(body) as { seats: unknown[]; mine: { held: number; booked: number } };
    if (map.seats.length !== ROWS * SEATS_PER_ROW || map.mine.held !== 2 || map.mine.booked !== 2) throw new Error(`unexpected map: ${body.slice(0, 300)}`);
    const revalidated = await fetch(mapUrl, { headers: { ...headers, 'if-none-match': first.headers.get('etag')! } });
    if (revalidated.status !== 304) throw new Error(`If-None-Match of the current ETag answered ${revalidated.status}, not 304`);

    const file = join(dir, 'seat-map.json');
    writeFileSync(file, body);
    const [barePort] = await freePorts(1);
    const bare = await startChildServer(
      join(root, 'bench/baselines/bare-fastify.ts'),
      { BENCH_BODY_FILE: file, BENCH_ROUTE: '/api/events/:id/seats' },
      { port: barePort! },
    );
    try {
      const bareUrl = `${bare.url}/api/events/${eventId}/seats`;
      if ((await (await fetch(bareUrl)).text()) !== body) throw new Error('baseline does not return the same JSON');
      const load = (url: string) => runLoad({ url, connections: CONNECTIONS, durationSeconds: DURATION, headers });
      await load(mapUrl); // warm-up: JIT, pools
      await load(bareUrl);
      const pustaka: LoadResult[] = [];
      const baseline: LoadResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        pustaka.push(await load(mapUrl));
        baseline.push(await load(bareUrl));
        console.log(
          `round ${round}: pustaka ${pustaka.at(-1)!.requestsPerSecond.toFixed(0)} req/s, bare ${baseline.at(-1)!.requestsPerSecond.toFixed(0)} req/s`,
        );
      }
      return report(summarize(pustaka), summarize(baseline), Buffer.byteLength(body), target.notes);
    } finally {
      await bare.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.stop().catch((error: unknown) => console.error(`stopping ticketing failed: ${(error as Error).message}`));
  }
}

/** A seated event of ROWS × 25 seats in two priced sections, created and published by staff. */
async function publishEvent(target: TicketingUnderLoad): Promise<string> {
  const rows = Array.from({ length: ROWS }, (_, i) => rowLabel(i));
  // A section has at most 100 rows: four of 50 at 5,000 seats, front ones dearer.
  const sections = Array.from({ length: Math.ceil(ROWS / ROWS_PER_SECTION) }, (_, n) => ({
    name: `Section ${n + 1}`,
    rows: rows.slice(n * ROWS_PER_SECTION, (n + 1) * ROWS_PER_SECTION),
    seatsPerRow: SEATS_PER_ROW,
    price: 150_000 - 25_000 * Math.min(n, 4),
  }));
  const startsAt = new Date(Date.now() + 7 * 24 * 3_600_000);
  const created = await call(target, target.staffToken, 'POST', '/api/events', 201, {
    title: `Seat map ${startsAt.getTime().toString(36)}`,
    description: 'A big hall.',
    venue: 'Pustaka Hall, Bandung',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    timezone: 'Asia/Jakarta',
    currency: 'IDR',
    seating: { kind: 'seated', sections },
  });
  await call(target, target.staffToken, 'POST', `/api/events/${created.id}/publish`, 200);
  return created.id as string;
}

async function hold(target: TicketingUnderLoad, token: string, eventId: string, seatIds: string[]): Promise<string> {
  return (await call(target, token, 'POST', `/api/events/${eventId}/holds`, 201, { seatIds })).holdId as string;
}

async function book(target: TicketingUnderLoad, token: string, holdId: string): Promise<void> {
  await call(target, token, 'POST', '/api/bookings', 201, { holdId });
}

/** A, B, … Z, AA, AB, …: row labels as the layout takes them. */
function rowLabel(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : rowLabel(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));
}

async function call(target: TicketingUnderLoad, token: string, method: string, path: string, expected: number, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(target.api + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

function report(pustaka: LoadResult, baseline: LoadResult, bytes: number, notes: string[]): boolean {
  const ratio = pustaka.requestsPerSecond / baseline.requestsPerSecond;
  const row = (name: string, r: LoadResult) =>
    `${name.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   errors ${r.errors} non-2xx ${r.non2xx}`;
  console.log(
    `\nseat-map: ${ROWS * SEATS_PER_ROW} seats, a member's view (2 held, 2 booked of theirs), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION}s, ${bytes}-byte body (medians)`,
  );
  for (const note of notes) console.log(`  (${note})`);
  console.log(row('GET /api/events/:id/seats (cached)', pustaka));
  console.log(row('bare Fastify, same JSON', baseline));
  const pass = ratio >= TARGET_RATIO && pustaka.errors === 0 && pustaka.non2xx === 0;
  console.log(`ratio ${ratio.toFixed(2)} of baseline req/s (target ≥ ${TARGET_RATIO}): ${pass ? 'PASS' : 'FAIL'}`);
  return pass;
}
