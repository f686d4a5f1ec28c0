import type { RandomStream } from './random.ts';
import { seatsOf } from './seating.ts';
import type { SeedSeating } from './seating.ts';

/** Places taken by one booking: the seats (none for general admission) and what they cost. */
export interface TakenPlaces {
  seatIds: string[];
  quantity: number;
  total: number;
}

/**
 * Hands out an event's places once each: seats side by side in one row from a random point of
 * the map when there are such, else any free seats; general admission up to its capacity.
 * `take` answers `undefined` when fewer places are left than asked for.
 */
export function seatAllocator(random: RandomStream, seating: SeedSeating) {
  if (seating.kind === 'general') {
    let left = seating.capacity;
    return {
      capacity: seating.capacity,
      take(quantity: number): TakenPlaces | undefined {
        if (quantity > left) return undefined;
        left -= quantity;
        return { seatIds: [], quantity, total: quantity * seating.price };
      },
    };
  }
  const seats = seatsOf(seating);
  const rowOf = seats.map((seat) => seat.seatId.split('-')[0]);
  const free = seats.map((seat) => !seat.blocked);
  let left = free.filter(Boolean).length;
  const sideBySide = (from: number, quantity: number) => {
    for (let i = from; i < from + quantity; i++) if (i >= seats.length || !free[i] || rowOf[i] !== rowOf[from]) return false;
    return true;
  };
  return {
    capacity: left,
    take(quantity: number): TakenPlaces | undefined {
      if (quantity > left) return undefined;
      const start = random.int(0, seats.length - 1);
      let chosen: number[] = [];
      for (let step = 0; step < seats.length && chosen.length === 0; step++) {
        const from = (start + step) % seats.length;
        if (sideBySide(from, quantity)) chosen = Array.from({ length: quantity }, (_, i) => from + i);
      }
      for (let step = 0; step < seats.length && chosen.length < quantity; step++) {
        const at = (start + step) % seats.length;
        if (free[at]) chosen.push(at);
      }
      for (const at of chosen) free[at] = false;
      left -= quantity;
      return { seatIds: chosen.map((at) => seats[at]!.seatId), quantity, total: chosen.reduce((sum, at) => sum + seats[at]!.price, 0) };
    },
  };
}
