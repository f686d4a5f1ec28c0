import type { RandomStream } from './random.ts';

/** A seated layout or general admission, as ticketing's `seating` takes it (prices in sen). */
export type SeedSeating =
  | {
      kind: 'seated';
      sections: Array<{ name: string; rows: string[]; seatsPerRow: number; price: number }>;
      blocked: string[];
    }
  | { kind: 'general'; capacity: number; price: number };

/** One seat of a seated layout, in map order. */
export interface SeedSeat {
  seatId: string;
  price: number;
  blocked: boolean;
}

const SECTION_NAMES = [['Depan'], ['Depan', 'Belakang'], ['Depan', 'Tengah', 'Belakang'], ['Front', 'Stalls', 'Balcony']] as const;
const ROW_LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * A layout for an event: seven in ten seated (one to three sections of 3 to 8 rows of 8 to 20
 * seats, front rows dearer, a few seats blocked), the rest general admission for 30 to 300.
 */
export function seatingOf(random: RandomStream): SeedSeating {
  const price = (low: number, high: number) => random.int(low / 5_000, high / 5_000) * 5_000 * 100;
  if (random.chance(0.3)) return { kind: 'general', capacity: random.int(6, 60) * 5, price: price(0, 150_000) };
  const names = random.pick(SECTION_NAMES.slice(0, 3).concat(random.chance(0.2) ? [SECTION_NAMES[3]] : []));
  let nextRow = 0;
  const top = price(50_000, 250_000);
  const sections = names.map((name, i) => {
    const rows = ROW_LABELS.slice(nextRow, nextRow + random.int(3, 8));
    nextRow += rows.length;
    return { name, rows, seatsPerRow: random.int(8, 20), price: Math.max(1_500_000, top - i * 2_500_000) };
  });
  const seats = sections.flatMap((section) => section.rows.flatMap((row) => Array.from({ length: section.seatsPerRow }, (_, n) => `${row}-${n + 1}`)));
  const blocked = new Set<string>();
  for (let n = random.int(0, 4); n > 0; n--) blocked.add(random.pick(seats));
  return { kind: 'seated', sections, blocked: seats.filter((seat) => blocked.has(seat)) };
}

/**
 * Every seat of a seated layout in map order (sections, rows, numbers), ids `<row>-<number>`: the
 * rule ticketing lays seats out by.
 *
 * @example
 *   seatsOf({ kind: 'seated', sections: [{ name: 'Depan', rows: ['A'], seatsPerRow: 2, price: 100 }], blocked: ['A-2'] });
 *   // [{ seatId: 'A-1', price: 100, blocked: false }, { seatId: 'A-2', price: 100, blocked: true }]
 */
export function seatsOf(seating: SeedSeating): SeedSeat[] {
  if (seating.kind === 'general') return [];
  const blocked = new Set(seating.blocked);
  return seating.sections.flatMap((section) =>
    section.rows.flatMap((row) =>
      Array.from({ length: section.seatsPerRow }, (_, n) => {
        const seatId = `${row}-${n + 1}`;
        return { seatId, price: section.price, blocked: blocked.has(seatId) };
      }),
    ),
  );
}
