import { Type } from 'typebox';
import type { Static } from 'typebox';
import { PageOf, PageQuery, StringEnum } from '@pustaka/kit/http';
import { SeatIds } from '../holds/holds.schema.ts';

export const BookingSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String({ description: 'Short code to show at the door' }),
    status: StringEnum(['confirmed', 'cancelled'] as const),
    eventId: Type.String({ format: 'uuid' }),
    userId: Type.String({ format: 'uuid' }),
    seats: Type.Array(Type.String(), { description: 'Seat ids; empty for general admission' }),
    quantity: Type.Integer(),
    total: Type.Integer({ description: 'Minor units of currency' }),
    currency: Type.String(),
    sequence: Type.Integer({ description: 'How many times the booking (or its event) changed since it was made' }),
    event: Type.Object({
      title: Type.String(),
      venue: Type.String(),
      startsAt: Type.String({ format: 'date-time' }),
      endsAt: Type.String({ format: 'date-time' }),
      timezone: Type.String(),
      status: StringEnum(['published', 'cancelled'] as const),
    }),
    calendarUrl: Type.String({ description: 'This booking as an .ics file' }),
    googleCalendarUrl: Type.String({ description: 'Add to Google Calendar' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    cancelledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Booking = Static<typeof BookingSchema>;

export const BookHoldBody = Type.Object({ holdId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const ChangeSeatsBody = Type.Object(
  { seatIds: SeatIds("The booking's seats afterwards: the new ones are taken and the dropped ones freed together") },
  { additionalProperties: false },
);

export const BookingListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const BookingPage = PageOf(BookingSchema);
