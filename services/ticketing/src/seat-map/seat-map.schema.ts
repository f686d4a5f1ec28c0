import { Type } from 'typebox';
import type { Static } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';

const Mine = Type.Object({
  held: Type.Integer({ description: 'Seats (places) the caller holds, unexpired' }),
  booked: Type.Integer({ description: 'Seats (places) the caller has booked' }),
});

export const SeatMapSchema = Type.Object(
  {
    eventId: Type.String({ format: 'uuid' }),
    kind: StringEnum(['seated', 'general'] as const),
    currency: Type.String(),
    capacity: Type.Integer({ description: 'Seats (places) for sale in all' }),
    remaining: Type.Integer({ description: 'Free now: an expired hold counts as free' }),
    mine: Mine,
    seats: Type.Array(
      Type.Object({
        id: Type.String(),
        section: Type.String(),
        row: Type.String(),
        number: Type.Integer(),
        price: Type.Integer(),
        status: StringEnum(['free', 'held', 'booked', 'blocked'] as const),
        mine: Type.Boolean({ description: 'Held or booked by the caller' }),
      }),
      { description: 'Every seat in map order; empty for general admission' },
    ),
  },
  { additionalProperties: false },
);
export type SeatMap = Static<typeof SeatMapSchema>;
