/** Whose booking, of which event: the part of a `booking.*` event recommendations read. */
export interface BookingFacts {
  bookingId: string;
  userId: string;
  eventId: string;
}

export type BookingChange = { kind: 'confirmed' | 'cancelled'; booking: BookingFacts };

/** What is kept of a booking: whether its confirmation and its cancellation have been seen. */
export interface KnownBooking extends BookingFacts {
  confirmed: boolean;
  cancelled: boolean;
}

/** A booking of a member's for an event that now counts (+1) or no longer does (−1). */
export interface HeldBooking {
  sign: 1 | -1;
  userId: string;
  eventId: string;
}

export interface BookingPlan {
  /** The new state of every booking the changes named. */
  bookings: KnownBooking[];
  held: HeldBooking[];
}

/**
 * The effect of `changes`, in order, on the bookings as `known` holds them (a booking missing
 * from it has not been seen): a confirmation counts its booking unless it is known already; a
 * cancellation stops a counted booking counting, and of any other leaves a tombstone, so a
 * confirmation that arrives after its cancellation counts nothing. Ids are compared lower-cased.
 *
 * @example
 *   planBookingChanges(new Map(), [{ kind: 'confirmed', booking }]).held; // [{ sign: 1, userId, eventId }]
 */
export function planBookingChanges(known: ReadonlyMap<string, KnownBooking>, changes: readonly BookingChange[]): BookingPlan {
  const state = new Map(known);
  const named = new Set<string>();
  const held: HeldBooking[] = [];
  for (const change of changes) {
    const booking = lowerCased(change.booking);
    named.add(booking.bookingId);
    const before = state.get(booking.bookingId);
    if (change.kind === 'confirmed') {
      if (before === undefined) {
        state.set(booking.bookingId, { ...booking, confirmed: true, cancelled: false });
        held.push({ sign: 1, userId: booking.userId, eventId: booking.eventId });
      } else if (!before.confirmed) {
        state.set(booking.bookingId, { ...before, confirmed: true });
      }
      continue;
    }
    if (before === undefined) {
      state.set(booking.bookingId, { ...booking, confirmed: false, cancelled: true });
    } else if (!before.cancelled) {
      state.set(booking.bookingId, { ...before, cancelled: true });
      if (before.confirmed) held.push({ sign: -1, userId: before.userId, eventId: before.eventId });
    }
  }
  return { bookings: [...state.values()].filter((booking) => named.has(booking.bookingId)), held };
}

function lowerCased(booking: BookingFacts): BookingFacts {
  return { bookingId: booking.bookingId.toLowerCase(), userId: booking.userId.toLowerCase(), eventId: booking.eventId.toLowerCase() };
}
