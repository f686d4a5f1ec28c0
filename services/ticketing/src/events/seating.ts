import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { FieldError } from '@pustaka/kit/errors';
import { assertValid } from './invalid-fields.ts';

export const MAX_SEATS_PER_EVENT = 5_000;
export const MAX_PRICE = 100_000_000;
export const ROW_LABEL_PATTERN = '^[A-Z]{1,3}$';
/** A seat id is its row label and its number in the row: `A-12`. */
export const SEAT_ID_PATTERN = '^[A-Z]{1,3}-[0-9]{1,4}$';

export const SeatId = Type.String({ pattern: SEAT_ID_PATTERN, examples: ['A-12'] });
const Price = Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'In minor units of the event currency' });

/** A block of rows sold at one price, e.g. the stalls: rows A to M, 20 seats each. */
export const SectionSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    rows: Type.Array(Type.String({ pattern: ROW_LABEL_PATTERN }), { minItems: 1, maxItems: 100, uniqueItems: true, description: 'Row labels, front to back' }),
    seatsPerRow: Type.Integer({ minimum: 1, maximum: 500 }),
    price: Price,
  },
  { additionalProperties: false },
);

export const SeatedSeatingSchema = Type.Object(
  {
    kind: Type.Literal('seated'),
    sections: Type.Array(SectionSchema, { minItems: 1, maxItems: 50 }),
    blocked: Type.Optional(
      Type.Array(SeatId, { maxItems: MAX_SEATS_PER_EVENT, uniqueItems: true, description: 'Seats never for sale (a pillar, the sound desk)' }),
    ),
  },
  { additionalProperties: false },
);

export const GeneralSeatingSchema = Type.Object(
  {
    kind: Type.Literal('general'),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    price: Price,
  },
  { additionalProperties: false },
);

export const SeatingSchema = Type.Union([SeatedSeatingSchema, GeneralSeatingSchema], {
  description: 'A seated layout (sections of rows, a price per section) or general admission (a capacity and one price)',
});

export type SeatedSeating = Static<typeof SeatedSeatingSchema>;
export type GeneralSeating = Static<typeof GeneralSeatingSchema>;
export type Seating = SeatedSeating | GeneralSeating;

/** One seat as the layout declares it. */
export interface LaidOutSeat {
  seatId: string;
  position: number;
  section: string;
  rowLabel: string;
  number: number;
  price: number;
  blocked: boolean;
}

/**
 * Every seat of a seated layout, in map order, with stable ids (`<row>-<number>`). Throws
 * VALIDATION_FAILED for what a schema cannot see: a row label in two sections (two seats would
 * share an id), too many seats, a blocked seat the layout does not have.
 */
export function layOutSeats(seating: SeatedSeating): LaidOutSeat[] {
  const errors: FieldError[] = [];
  const sectionOfRow = new Map<string, number>();
  seating.sections.forEach((section, s) =>
    section.rows.forEach((row, r) => {
      if (sectionOfRow.has(row))
        errors.push({ in: 'body', field: `/seating/sections/${s}/rows/${r}`, message: `row ${row} is already in section ${sectionOfRow.get(row)}` });
      else sectionOfRow.set(row, s);
    }),
  );
  const total = seatCountOf(seating);
  if (total > MAX_SEATS_PER_EVENT) errors.push({ in: 'body', field: '/seating', message: `has ${total} seats; at most ${MAX_SEATS_PER_EVENT}` });
  assertValid(errors);

  const blocked = new Set(seating.blocked ?? []);
  const seats: LaidOutSeat[] = [];
  for (const section of seating.sections) {
    for (const rowLabel of section.rows) {
      for (let number = 1; number <= section.seatsPerRow; number += 1) {
        const seatId = `${rowLabel}-${number}`;
        seats.push({ seatId, position: seats.length, section: section.name.trim(), rowLabel, number, price: section.price, blocked: blocked.has(seatId) });
      }
    }
  }
  const known = new Set(seats.map((seat) => seat.seatId));
  assertValid(
    (seating.blocked ?? []).flatMap((seatId, i) =>
      known.has(seatId) ? [] : [{ in: 'body', field: `/seating/blocked/${i}`, message: `${seatId} is not a seat of this layout` }],
    ),
  );
  return seats;
}

/** The layout as stored and shown: section names trimmed, `blocked` always present. */
export function normalizeSeating(seating: Seating): Seating {
  if (seating.kind === 'general') return seating;
  return { ...seating, sections: seating.sections.map((section) => ({ ...section, name: section.name.trim() })), blocked: seating.blocked ?? [] };
}

/** Seats for sale: general admission's capacity, or every seat of the layout that is not blocked. */
export function capacityOf(seating: Seating): number {
  if (seating.kind === 'general') return seating.capacity;
  return seatCountOf(seating) - (seating.blocked?.length ?? 0);
}

function seatCountOf(seating: SeatedSeating): number {
  return seating.sections.reduce((sum, section) => sum + section.rows.length * section.seatsPerRow, 0);
}

/** The cheapest price on offer, for listings. */
export function priceFromOf(seating: Seating): number {
  return seating.kind === 'general' ? seating.price : Math.min(...seating.sections.map((section) => section.price));
}
