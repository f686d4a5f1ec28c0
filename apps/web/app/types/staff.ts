// The shapes of the staff side of the public API (see /openapi.json of a running shop).
import type { User } from '../stores/session';

export type { User };

/** A figure over the range, beside the same figure over the period of equal length before it. */
export interface Figure<T = number> {
  current: T;
  previous: T;
}

export type Granularity = 'day' | 'week' | 'month';

export interface DashboardSummary {
  range: { from: string; to: string; granularity: Granularity; timeZone: string; currency: string; previous: { from: string; to: string } };
  totals: {
    revenue: Figure;
    grossRevenue: Figure;
    refundedRevenue: Figure;
    orders: Figure;
    cancelledOrders: Figure;
    fulfilledOrders: Figure;
    units: Figure;
    averageOrderValue: Figure<number | null>;
    cancellationRate: Figure<number | null>;
    seatsSold: Figure;
    ticketRevenue: Figure;
    ordersInOtherCurrencies: Figure;
  };
  revenueByPeriod: {
    start: string;
    end: string;
    revenue: number;
    orders: number;
    units: number;
    previous: { start: string; end: string; revenue: number; orders: number; units: number };
  }[];
  topBooks: { bookId: string; title: string; revenue: number; units: number; previous: { revenue: number; units: number } }[];
  topCategories: { categoryId: string; name: string | null; revenue: number; units: number; previous: { revenue: number; units: number } }[];
  events: {
    eventId: string;
    title: string | null;
    startsAt: string | null;
    capacity: number | null;
    cancelled: boolean;
    seatsSold: Figure;
    ticketRevenue: Figure;
    fillRate: Figure<number | null>;
  }[];
  lowStock: { bookId: string; title: string; stock: number; threshold: number }[];
}

export interface OrderItem {
  bookId: string;
  title: string;
  unitPrice: number;
  quantity: number;
}

export interface Order {
  id: string;
  userId: string;
  status: 'placed' | 'cancelled' | 'fulfilled';
  total: number;
  currency: string;
  items: OrderItem[];
  createdAt: string;
  updatedAt: string;
}

export interface SeatSection {
  name: string;
  rows: string[];
  seatsPerRow: number;
  price: number;
}

export type Seating = { kind: 'seated'; sections: SeatSection[]; blocked?: string[] } | { kind: 'general'; capacity: number; price: number };

export interface StaffEvent {
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
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  cancelledAt: string | null;
}

export interface DeadLetter {
  id: string;
  consumerId: string;
  eventId: string;
  type: string;
  error: string;
  attempts: number;
  failedAt: string;
  envelope: unknown;
}
