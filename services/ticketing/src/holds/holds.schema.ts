import { Type } from 'typebox';
import type { Static } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';
import { SeatId } from '../events/seating.ts';

/** Most seats one request may ask for; the per-member limit (MAX_SEATS_PER_MEMBER) is usually lower. */
export const MAX_SEATS_PER_REQUEST = 100;

export const SeatIds = (description: string) => Type.Array(SeatId, { minItems: 1, maxItems: MAX_SEATS_PER_REQUEST, uniqueItems: true, description });

export const PlaceHoldBody = Type.Object(
  {
    seatIds: Type.Optional(SeatIds('Seated events: exactly these seats, all or none')),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEATS_PER_REQUEST, description: 'General admission: this many places' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type PlaceHoldBody = Static<typeof PlaceHoldBody>;

export const HoldSchema = Type.Object(
  {
    holdId: Type.String({ format: 'uuid' }),
    eventId: Type.String({ format: 'uuid' }),
    status: StringEnum(['active', 'booked', 'released', 'expired', 'cancelled'] as const),
    seats: Type.Array(Type.String(), { description: 'Seat ids; empty for general admission' }),
    quantity: Type.Integer(),
    total: Type.Integer({ description: 'What booking this hold costs, in minor units of currency' }),
    currency: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Hold = Static<typeof HoldSchema>;

/** Send one with a request you may retry: a retry with the same key and body gets the first answer. */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[\\w.:-]+$' })),
});
