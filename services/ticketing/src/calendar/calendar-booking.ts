/**
 * A booking as a calendar shows it: one VEVENT, whoever renders it (a booking's .ics, a member's
 * feed, the "add to Google Calendar" link). The ticketing repositories build it from their rows.
 */
export interface CalendarBooking {
  bookingId: string;
  code: string;
  status: 'confirmed' | 'cancelled';
  /** Bumped by every change of the booking (seats swapped, cancelled): clients replace an older copy. */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  seats: string[];
  event: {
    id: string;
    title: string;
    description: string;
    venue: string;
    startsAt: Date;
    endsAt: Date;
    /** IANA name, e.g. `Asia/Jakarta`: the event happens in this zone, whoever reads the calendar. */
    timezone: string;
    status: 'published' | 'cancelled';
  };
}

/** Cancelled for the calendar when either the booking or its whole event is. */
export function isCalendarCancelled(booking: CalendarBooking): boolean {
  return booking.status === 'cancelled' || booking.event.status === 'cancelled';
}
