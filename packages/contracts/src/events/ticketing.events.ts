import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Currency, Instant, Money, Uuid } from './envelope.ts';

export const EVENT_PUBLISHED = 'event.published';
export const EVENT_UPDATED = 'event.updated';
export const EVENT_CANCELLED = 'event.cancelled';
export const BOOKING_CONFIRMED = 'booking.confirmed';
export const BOOKING_CHANGED = 'booking.changed';
export const BOOKING_CANCELLED = 'booking.cancelled';
export const BOOKING_REMINDER = 'booking.reminder';
export const SEATS_CHANGED = 'seats.changed';

export const SEATING_KINDS = ['seated', 'general'] as const;
export type SeatingKind = (typeof SEATING_KINDS)[number];
export const SEAT_STATUSES = ['free', 'held', 'booked'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];
export const BOOKING_CANCEL_REASONS = ['member', 'staff', 'event-cancelled'] as const;
export type BookingCancelReason = (typeof BOOKING_CANCEL_REASONS)[number];

/** A seat id: row label and number, e.g. `A-12`. */
const SeatId = Type.String({ pattern: '^[A-Z]{1,3}-[0-9]{1,4}$' });

/**
 * A published event as it stands after the change (whole, so consumers overwrite rather than
 * merge): everything search and notifications show without calling ticketing back.
 */
export const EventDetailsPayload = Type.Object({
  eventId: Uuid,
  title: Type.String(),
  description: Type.String(),
  venue: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  /** IANA time zone the event's times are shown in, e.g. `Asia/Jakarta`. */
  timezone: Type.String(),
  salesOpenAt: Type.Union([Instant, Type.Null()]),
  kind: Type.Unsafe<SeatingKind>({ type: 'string', enum: [...SEATING_KINDS] }),
  /** Seats for sale (seated: every seat not blocked). */
  capacity: Type.Integer({ minimum: 0 }),
  /** The lowest price of a seat, in minor units of `currency`. */
  priceFrom: Money,
  currency: Currency,
});
export type EventDetailsPayload = Static<typeof EventDetailsPayload>;

/** An event was called off: every booking and hold on it is cancelled; `bookers` are who to tell. */
export const EventCancelledPayload = Type.Object({
  eventId: Uuid,
  title: Type.String(),
  startsAt: Instant,
  bookers: Type.Array(Type.Object({ userId: Uuid, bookingId: Uuid })),
  cancelledAt: Instant,
});
export type EventCancelledPayload = Static<typeof EventCancelledPayload>;

/** What every booking event carries: whose booking, on which event, which seats, at what price. */
const bookingFields = {
  bookingId: Uuid,
  code: Type.String(),
  eventId: Uuid,
  userId: Uuid,
  /** Seat ids; empty for general admission. */
  seatIds: Type.Array(SeatId),
  quantity: Type.Integer({ minimum: 1 }),
  total: Money,
  currency: Currency,
};

/** A hold became a booking: the seats are sold. */
export const BookingConfirmedPayload = Type.Object({ ...bookingFields, confirmedAt: Instant });
export type BookingConfirmedPayload = Static<typeof BookingConfirmedPayload>;

/** A booking's seats were swapped in one step; `sequence` counts the booking's changes. */
export const BookingChangedPayload = Type.Object({
  ...bookingFields,
  previousSeatIds: Type.Array(SeatId),
  sequence: Type.Integer({ minimum: 0 }),
});
export type BookingChangedPayload = Static<typeof BookingChangedPayload>;

/** A booking was cancelled by its member, by staff, or with its event; its seats are free again. */
export const BookingCancelledPayload = Type.Object({
  ...bookingFields,
  reason: Type.Unsafe<BookingCancelReason>({ type: 'string', enum: [...BOOKING_CANCEL_REASONS] }),
});
export type BookingCancelledPayload = Static<typeof BookingCancelledPayload>;

/** Sent once per booking, a day (configurable) before its event starts. */
export const BookingReminderPayload = Type.Object({
  ...bookingFields,
  title: Type.String(),
  venue: Type.String(),
  startsAt: Instant,
  timezone: Type.String(),
});
export type BookingReminderPayload = Static<typeof BookingReminderPayload>;

/**
 * Seats of an event moved to `status`, for live seat maps. General admission names no seats:
 * `quantity` places moved and `remaining` is what is left for sale afterwards.
 */
export const SeatsChangedPayload = Type.Object({
  eventId: Uuid,
  seatIds: Type.Array(SeatId),
  status: Type.Unsafe<SeatStatus>({ type: 'string', enum: [...SEAT_STATUSES] }),
  quantity: Type.Integer({ minimum: 1 }),
  remaining: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type SeatsChangedPayload = Static<typeof SeatsChangedPayload>;
