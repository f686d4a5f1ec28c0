import type { SeedEvent } from './events.ts';
import type { SeedMember } from './members.ts';
import { randomStream, weightedSampler } from './random.ts';
import type { RandomStream } from './random.ts';
import { seatAllocator } from './seat-allocator.ts';
import { days } from './shop-window.ts';

/**
 * A booking of the seeded shop and the hold it was made from (ticketing keeps both). A cancelled
 * booking keeps its `seatIds` as a record, but its seats are free.
 */
export interface SeedBooking {
  id: string;
  holdId: string;
  code: string;
  eventId: string;
  eventIndex: number;
  userId: string;
  status: 'confirmed' | 'cancelled';
  /** Empty for general admission. */
  seatIds: string[];
  quantity: number;
  total: number;
  currency: 'IDR';
  holdCreatedAt: Date;
  createdAt: Date;
  cancelledAt: Date | null;
  remindedAt: Date | null;
}

export interface BookingOptions {
  seed: number;
  until: Date;
}

/** As ticketing writes them: no 0/O or 1/I. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CANCELLED_SHARE = 0.08;
const REMINDER_LEAD = days(1);

/**
 * The bookings of published (and later cancelled) events, event by event: each sells a share of
 * its places over its sales window (upcoming events only as far as `until`), one to four places a
 * booking, to members who had joined, each member once per event; seated bookings sit together
 * in a row where they can. No seat is ever in two bookings, not even a cancelled one's seat. A
 * cancelled event's bookings were all cancelled with it.
 *
 * @example
 *   for (const booking of generateBookings(events, members, { seed: 42, until })) write(booking);
 */
export function* generateBookings(events: SeedEvent[], members: SeedMember[], options: BookingOptions): Generator<SeedBooking> {
  const random = randomStream(options.seed, 'bookings');
  const codes = new Set<string>();
  const joinedAt = Float64Array.from(members, (member) => member.createdAt.getTime());
  for (const event of events) {
    if (event.status === 'draft' || members.length === 0) continue;
    yield* bookingsOf(random, event, members, joinedAt, options.until.getTime(), codes);
  }
}

function* bookingsOf(random: RandomStream, event: SeedEvent, members: SeedMember[], joinedAt: Float64Array, until: number, codes: Set<string>) {
  const opens = (event.salesOpenAt ?? event.publishedAt)!.getTime();
  const closes = Math.min(event.startsAt.getTime(), event.cancelledAt?.getTime() ?? Infinity, until);
  if (closes <= opens) return;
  const seats = seatAllocator(random, event.seating);
  const soldShare = (0.25 + 0.75 * random.next()) * ((closes - opens) / (event.startsAt.getTime() - opens));
  const target = Math.floor(seats.capacity * soldShare);
  const drawQuantity = weightedSampler([0.35, 0.4, 0.1, 0.15]);
  const booked = new Set<number>();
  for (let sold = 0; sold < target;) {
    const createdAt = opens + Math.floor(random.next() * (closes - opens));
    const member = memberJoinedBefore(random, createdAt, joinedAt, booked);
    if (member === undefined) break;
    const taken = seats.take(Math.min(drawQuantity(random.next()) + 1, target - sold));
    if (!taken) break;
    booked.add(member);
    sold += taken.quantity;
    const cancelledAt =
      event.cancelledAt !== null
        ? event.cancelledAt.getTime()
        : random.chance(CANCELLED_SHARE)
          ? createdAt + Math.floor(random.next() * (Math.min(event.startsAt.getTime(), until) - createdAt))
          : null;
    const reminder = Math.max(createdAt, event.startsAt.getTime() - REMINDER_LEAD);
    yield {
      id: random.uuidAt(createdAt),
      holdId: random.uuidAt(createdAt - 30_000),
      code: uniqueCode(random, codes),
      eventId: event.id,
      eventIndex: event.index,
      userId: members[member]!.id,
      status: cancelledAt === null ? 'confirmed' : 'cancelled',
      seatIds: taken.seatIds,
      quantity: taken.quantity,
      total: taken.total,
      currency: event.currency,
      holdCreatedAt: new Date(createdAt - random.int(30_000, 300_000)),
      createdAt: new Date(createdAt),
      cancelledAt: cancelledAt === null ? null : new Date(cancelledAt),
      remindedAt: cancelledAt === null && event.status === 'published' && reminder <= until ? new Date(reminder) : null,
    } satisfies SeedBooking;
  }
}

/** A member who had joined by `at` and has not booked this event yet; `undefined` when none is found. */
function memberJoinedBefore(random: RandomStream, at: number, joinedAt: Float64Array, booked: Set<number>): number | undefined {
  let low = 0;
  let high = joinedAt.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (joinedAt[middle]! <= at) low = middle + 1;
    else high = middle;
  }
  for (let attempt = 0; attempt < 8 && low > 0; attempt++) {
    const member = random.int(0, low - 1);
    if (!booked.has(member)) return member;
  }
  return undefined;
}

function uniqueCode(random: RandomStream, codes: Set<string>): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < 8; i++) code += CODE_ALPHABET[random.int(0, CODE_ALPHABET.length - 1)];
    if (!codes.has(code)) {
      codes.add(code);
      return code;
    }
  }
}
