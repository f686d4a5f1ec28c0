// The shapes of the staff side of the public API (see /openapi.json of a running shop).
import type { User } from '../stores/session';
import type { EventDetails, Seating, Section } from './ticketing';

export type { Seating, User };
/** A section of a seat layout, as staff draw it. */
export type SeatSection = Section;

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

/** An event as staff edit it: the public shape (types/ticketing.ts) with its timestamps. */
export interface StaffEvent extends EventDetails {
  createdAt: string;
  updatedAt: string;
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
