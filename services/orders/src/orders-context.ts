import type { Cache } from '@pustaka/kit/cache';
import type { Kysely } from '@pustaka/kit/db';
import type { Outbox } from '@pustaka/kit/platform';
import type { Logger } from '@pustaka/kit/log';
import type { OrdersTables } from './orders.tables.ts';
import type { OrderWriter } from './orders/order-writer.ts';

export interface OrderLineRequest {
  bookId: string;
  quantity: number;
}

/** Stock taken in the catalog for one order, with the catalog's title and price of each book. */
export interface StockReservation {
  lines: Array<OrderLineRequest & { title: string; unitPrice: number; currency: string }>;
  expiresAt: string;
}

/**
 * The catalog's inventory as orders sees it (gRPC in the cluster, in-memory in the embedded
 * default). Errors arrive as AppErrors: OUT_OF_STOCK, UNKNOWN_BOOK, UPSTREAM_UNAVAILABLE.
 */
export interface Inventory {
  reserve(request: { orderId: string; items: OrderLineRequest[]; ttlSeconds: number }): Promise<StockReservation>;
  release(orderId: string): Promise<void>;
}

/** What every orders use case receives: storage, cache, the clock, ids and the services it calls. */
export interface OrdersContext {
  db: Kysely<OrdersTables>;
  /** Already scoped to `orders`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  inventory: Inventory;
  /** The orders' outbox: events recorded in the transaction of the change they announce. */
  events: Outbox;
  /** Writes placed orders, sharing a transaction between those that arrive together; one per service. */
  orderWriter: OrderWriter;
  settings: { reservationTtlSeconds: number; bookOrdersCacheTtlSeconds: number };
}

/** What writing orders needs: the order writer is built from it before the context exists. */
export type OrderStorage = Pick<OrdersContext, 'db' | 'cache' | 'logger' | 'now' | 'events'>;
