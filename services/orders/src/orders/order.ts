import type { OrderWithItemsRow } from './orders.repository.ts';

/** An order as the API shows it. */
export interface Order {
  id: string;
  userId: string;
  status: 'placed' | 'cancelled' | 'fulfilled';
  total: number;
  currency: string;
  items: Array<{ bookId: string; title: string; unitPrice: number; quantity: number }>;
  createdAt: string;
  updatedAt: string;
}

export function toOrder(row: OrderWithItemsRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    total: row.total,
    currency: row.currency,
    items: row.items.map((item) => ({ bookId: item.book_id, title: item.title, unitPrice: item.unit_price, quantity: item.quantity })),
    // JSON aggregation hands timestamps back as text on some drivers; Date on the row itself.
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
