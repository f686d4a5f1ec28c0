import { percentile } from './stats.ts';

export interface RushSeat {
  id: string;
  row: string;
  number: number;
}

export interface SeatRushOptions {
  api: string;
  eventId: string;
  clients: number;
  /**
   * Member tokens, handed out one at a time: each client starts with one, and takes the next when
   * its member has all the seats one member may have (HOLD_LIMIT_EXCEEDED). Clients stop when none are left.
   */
  memberTokens: string[];
  /** Stop here even if seats are left. */
  timeBoundMs: number;
  /** A client reloads the seat map after this many conflicts in a row (what a person would do). */
  refreshAfterConflicts: number;
}

/** What a 201 to `POST /api/bookings` said: the booking and its seats. */
export interface AnsweredBooking {
  id: string;
  seats: string[];
}

export interface SeatRushResult {
  bookings: AnsweredBooking[];
  /** From the first request to the last answer. */
  elapsedMs: number;
  bookingsPerSecond: number;
  seatsPerSecond: number;
  /** Hold requests answered, whatever the answer. */
  holdRequests: number;
  holdP50Ms: number;
  holdP99Ms: number;
  bookP50Ms: number;
  bookP99Ms: number;
  /** 409 SEAT_TAKEN: someone was faster. */
  conflicts: number;
  /** 409 HOLD_LIMIT_EXCEEDED: a member had all the seats one member may have; the next one took over. */
  memberSwitches: number;
  seatMapLoads: number;
  /** Statuses nobody should see here (5xx, other 4xx), by `status code`. */
  unexpected: Map<string, number>;
  /** Sockets that failed or requests that timed out. */
  errors: number;
  soldOut: boolean;
}

interface Answer {
  status: number;
  body: any;
  ms: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * `clients` people racing for the seats of one event: each loads the seat map, picks one to four
 * seats side by side among those it believes free, holds them and books the hold at once. Someone
 * faster makes the hold fail (409 SEAT_TAKEN): the client forgets those seats and tries others,
 * reloading the map after a run of misses. It ends when the map shows nothing left, or at the
 * time bound. Loopback only.
 */
export async function runSeatRush(options: SeatRushOptions): Promise<SeatRushResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.api)) throw new Error('load is only sent to loopback');
  const holdMs: number[] = [];
  const bookMs: number[] = [];
  const bookings: AnsweredBooking[] = [];
  const unexpected = new Map<string, number>();
  const tally = { conflicts: 0, memberSwitches: 0, seatMapLoads: 0, errors: 0, soldOut: false };
  const started = performance.now();
  const deadline = started + options.timeBoundMs;
  let lastAnswer = started;

  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Answer | undefined> => {
    const sent = performance.now();
    try {
      const response = await fetch(options.api + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      lastAnswer = performance.now();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: lastAnswer - sent };
    } catch {
      tally.errors += 1;
      return undefined;
    }
  };
  const note = (answer: Answer) => {
    const key = `${answer.status} ${answer.body?.code ?? ''}`.trim();
    unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
  };

  let handedOut = 0;
  const nextMember = () => options.memberTokens[handedOut++];

  const client = async () => {
    let token = nextMember();
    let believedFree: RushSeat[] = [];
    let missesInARow = options.refreshAfterConflicts;
    while (performance.now() < deadline && token !== undefined) {
      if (believedFree.length === 0 || missesInARow >= options.refreshAfterConflicts) {
        const map = await call('GET', `/api/events/${options.eventId}/seats`, token);
        tally.seatMapLoads += 1;
        if (!map || map.status !== 200) {
          if (map) note(map);
          break;
        }
        believedFree = (map.body.seats as Array<RushSeat & { status: string }>).filter((seat) => seat.status === 'free');
        missesInARow = 0;
        if (believedFree.length === 0) {
          // Nothing free and nothing held: every seat is booked. Held seats may still come back.
          if (map.body.remaining === 0 && map.body.seats.every((seat: { status: string }) => seat.status !== 'held')) tally.soldOut = true;
          if (tally.soldOut) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
      }
      const wanted = pickSideBySide(believedFree, 1 + Math.floor(Math.random() * 4));
      const hold = await call('POST', `/api/events/${options.eventId}/holds`, token, { seatIds: wanted.map((seat) => seat.id) });
      if (!hold) continue;
      holdMs.push(hold.ms);
      if (hold.status === 409 && hold.body?.code === 'SEAT_TAKEN') {
        tally.conflicts += 1;
        missesInARow += 1;
        const taken = new Set<string>(hold.body.seatIds ?? wanted.map((seat) => seat.id));
        believedFree = believedFree.filter((seat) => !taken.has(seat.id));
        continue;
      }
      if (hold.status === 409 && hold.body?.code === 'HOLD_LIMIT_EXCEEDED') {
        tally.memberSwitches += 1;
        token = nextMember();
        continue;
      }
      if (hold.status !== 201) {
        note(hold);
        continue;
      }
      const held = new Set<string>(hold.body.seats);
      believedFree = believedFree.filter((seat) => !held.has(seat.id));
      const booking = await call('POST', '/api/bookings', token, { holdId: hold.body.holdId });
      if (!booking) continue;
      bookMs.push(booking.ms);
      if (booking.status !== 201) {
        note(booking);
        continue;
      }
      missesInARow = 0;
      bookings.push({ id: booking.body.id, seats: booking.body.seats });
    }
  };

  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = Math.max(1, lastAnswer - started);
  const seats = bookings.reduce((sum, booking) => sum + booking.seats.length, 0);
  return {
    bookings,
    elapsedMs,
    bookingsPerSecond: bookings.length / (elapsedMs / 1000),
    seatsPerSecond: seats / (elapsedMs / 1000),
    holdRequests: holdMs.length,
    holdP50Ms: percentile(holdMs, 0.5),
    holdP99Ms: percentile(holdMs, 0.99),
    bookP50Ms: percentile(bookMs, 0.5),
    bookP99Ms: percentile(bookMs, 0.99),
    unexpected,
    ...tally,
  };
}

/**
 * A random free seat and up to `count - 1` free neighbours in its row, as people pick seats
 * together. What it believes free may be stale: that is the race.
 */
function pickSideBySide(free: RushSeat[], count: number): RushSeat[] {
  const anchor = free[Math.floor(Math.random() * free.length)]!;
  const inRow = new Map(free.filter((seat) => seat.row === anchor.row).map((seat) => [seat.number, seat]));
  const picked = [anchor];
  for (let step = 1; picked.length < count && step <= count; step += 1) {
    for (const number of [anchor.number + step, anchor.number - step]) {
      const seat = inRow.get(number);
      if (seat && picked.length < count) picked.push(seat);
    }
  }
  return picked;
}
