import type { Kysely, Transaction } from '@pustaka/kit/db';

export type OrderStatus = 'placed' | 'cancelled' | 'fulfilled';

/** Rows of `orders.orders`; `total` in minor units of `currency`. */
export interface OrderTable {
  id: string;
  user_id: string;
  status: OrderStatus;
  total: number;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

/** One book of an order, with the title and unit price it was sold at. */
export interface OrderItemTable {
  order_id: string;
  book_id: string;
  title: string;
  unit_price: number;
  quantity: number;
}

/** The first response to a request with an `Idempotency-Key`, replayed to its retries. */
export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  request_hash: string;
  order_id: string;
  /** Null while the first request is still being served. */
  status_code: number | null;
  response: unknown;
  created_at: Date;
}

export interface OrdersTables {
  orders: OrderTable;
  order_items: OrderItemTable;
  idempotency_keys: IdempotencyKeyTable;
}

export type OrdersDb = Kysely<OrdersTables> | Transaction<OrdersTables>;
