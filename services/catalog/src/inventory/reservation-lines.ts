import { AppError } from '@pustaka/kit/errors';
import type { ReservationLineRow, ReservationRow } from './reservations.repository.ts';

export interface OrderLine {
  bookId: string;
  quantity: number;
}

export interface ReservedLine extends OrderLine {
  title: string;
  unitPrice: number;
  currency: string;
}

export interface Reservation {
  orderId: string;
  status: ReservationRow['status'];
  expiresAt: string;
  lines: ReservedLine[];
}

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100;

/** One line per book (quantities of repeated books added), sorted by book id: the lock order. */
export function mergeLines(items: OrderLine[]): OrderLine[] {
  if (items.length === 0 || items.length > MAX_LINES) {
    throw new AppError('invalid', 'VALIDATION_FAILED', `An order has 1 to ${MAX_LINES} lines`);
  }
  const merged = new Map<string, number>();
  for (const { bookId, quantity } of items) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new AppError('invalid', 'VALIDATION_FAILED', `Quantities are whole numbers from 1 to ${MAX_QUANTITY}`);
    }
    merged.set(bookId, (merged.get(bookId) ?? 0) + quantity);
  }
  return [...merged].map(([bookId, quantity]) => ({ bookId, quantity })).sort((a, b) => (a.bookId < b.bookId ? -1 : 1));
}

export function sameLines(rows: ReservationLineRow[], lines: OrderLine[]): boolean {
  return rows.length === lines.length && rows.every((row, i) => row.book_id === lines[i]!.bookId && row.quantity === lines[i]!.quantity);
}

export function toReservation(header: ReservationRow, rows: ReservationLineRow[]): Reservation {
  return {
    orderId: header.order_id,
    status: header.status,
    expiresAt: header.expires_at.toISOString(),
    lines: [...rows]
      .sort((a, b) => (a.book_id < b.book_id ? -1 : 1))
      .map((row) => ({ bookId: row.book_id, quantity: row.quantity, title: row.title, unitPrice: row.unit_price, currency: row.currency })),
  };
}
