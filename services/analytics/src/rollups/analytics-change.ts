import type { StockChangeReason } from '@pustaka/contracts';

/**
 * What the rollups are built from: one fact each, dated by the instant it happened. The consumer
 * makes them from events (`changeOf`); a rebuild can make the same facts from the owners' records
 * and apply them through the same `applyChanges`. `version` orders the facts about one thing (an
 * event id, a UUIDv7: later recorded, greater), so a late fact never overwrites a newer one.
 */
export type AnalyticsChange =
  | OrderPlaced
  | OrderSettled
  | BookingStateChange
  | BookChange
  | BookDeleted
  | StockMovement
  | StockLevel
  | TicketedEventChange
  | CustomerChange;

export interface OrderPlaced {
  kind: 'order-placed';
  orderId: string;
  userId: string;
  lines: Array<{ bookId: string; title: string; quantity: number; unitPrice: number }>;
  currency: string;
  at: string;
}

/** An order cancelled (its figures are taken back on that day) or handed over. */
export interface OrderSettled {
  kind: 'order-cancelled' | 'order-fulfilled';
  orderId: string;
  userId: string;
  /** The books of its lines: locked with the order, so a category filed meanwhile cannot be missed. */
  bookIds: string[];
  at: string;
}

/** A booking as it stands after a confirmation, a change of seats or a cancellation. */
export interface BookingStateChange {
  kind: 'booking';
  bookingId: string;
  eventId: string;
  version: string;
  seats: number;
  total: number;
  currency: string;
  cancelled: boolean;
  at: string;
}

export interface BookChange {
  kind: 'book';
  bookId: string;
  version: string;
  title: string;
  categoryId: string;
  categoryName: string;
  stock: number;
  lowStockThreshold: number | undefined;
}

export interface BookDeleted {
  kind: 'book-deleted';
  bookId: string;
  version: string;
}

/** Units that came onto or left the shelf, and the stock after. */
export interface StockMovement {
  kind: 'stock-moved';
  bookId: string;
  version: string;
  stock: number;
  delta: number;
  reason: StockChangeReason;
  at: string;
}

/** A book's stock and threshold as a low-stock alarm told them (no movement of its own). */
export interface StockLevel {
  kind: 'stock-level';
  bookId: string;
  version: string;
  title: string;
  stock: number;
  threshold: number;
}

export interface TicketedEventChange {
  kind: 'ticketed-event';
  eventId: string;
  version: string;
  title: string;
  startsAt: string;
  /** Unknown for a cancellation: the capacity it had stays. */
  capacity: number | undefined;
  cancelled: boolean;
}

export interface CustomerChange {
  kind: 'customer';
  userId: string;
  version: string;
  name: string;
}
