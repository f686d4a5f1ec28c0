// The box office's shapes of the public API (ticketing: /api/events, holds, bookings, calendar).

export interface Section {
  name: string;
  rows: string[];
  seatsPerRow: number;
  price: number;
}

export type Seating = { kind: 'seated'; sections: Section[]; blocked?: string[] } | { kind: 'general'; capacity: number; price: number };

export interface EventDetails {
  id: string;
  title: string;
  description: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  salesOpenAt: string | null;
  status: 'draft' | 'published' | 'cancelled';
  currency: string;
  seating: Seating;
  capacity: number;
  priceFrom: number;
}

export type SeatStatus = 'free' | 'held' | 'booked' | 'blocked';

export interface Seat {
  id: string;
  section: string;
  row: string;
  number: number;
  price: number;
  status: SeatStatus;
  mine: boolean;
}

export interface SeatMap {
  eventId: string;
  kind: 'seated' | 'general';
  currency: string;
  capacity: number;
  remaining: number;
  mine: { held: number; booked: number };
  seats: Seat[];
}

/** `seats.changed` as the live socket delivers it on `seats:<eventId>`. */
export interface SeatsChanged {
  eventId: string;
  seatIds: string[];
  status: 'free' | 'held' | 'booked';
  quantity: number;
  remaining?: number;
}

export interface Hold {
  holdId: string;
  eventId: string;
  status: 'active' | 'booked' | 'released' | 'expired' | 'cancelled';
  seats: string[];
  quantity: number;
  total: number;
  currency: string;
  expiresAt: string;
}

export interface Booking {
  id: string;
  code: string;
  status: 'confirmed' | 'cancelled';
  eventId: string;
  userId: string;
  seats: string[];
  quantity: number;
  total: number;
  currency: string;
  sequence: number;
  event: { title: string; venue: string; startsAt: string; endsAt: string; timezone: string; status: 'published' | 'cancelled' };
  calendarUrl: string;
  googleCalendarUrl: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
}
