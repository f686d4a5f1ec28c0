import { discardPendingEvents } from '@pustaka/kit/bus';
import { analyzeTables, migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { migrations } from '../../migrations/index.ts';
import type { OrderStatus, OrdersTables } from '../orders.tables.ts';
import { countOrderRows, deleteOrderRows, insertOrderItemRows, insertOrderRows } from './bulk-import.repository.ts';

/** An order as it stands now, with the books it bought at the titles and prices they had then. */
export interface ImportedOrder {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  createdAt: Date;
  /** When it was cancelled or fulfilled; `createdAt` while placed. */
  updatedAt: Date;
  items: Array<{ bookId: string; title: string; unitPrice: number; quantity: number }>;
}

/** Filling orders in bulk (`npm run seed`), in statements of many rows, announcing nothing. */
export interface OrdersBulkImport {
  /** Brings the orders' schema up to date. */
  migrate(): Promise<void>;
  countOrders(): Promise<number>;
  /** Deletes every order and idempotency key, and the events not yet announced about them. */
  clear(): Promise<void>;
  /** Writes orders with their items in one transaction; each total is worked out from its items. */
  addOrders(orders: ImportedOrder[]): Promise<void>;
  /** Updates the planner's statistics of what was imported (PGlite has no autovacuum to do it). */
  analyze(): Promise<void>;
}

/**
 * Orders' bulk import over its own schema. Nothing goes through the outbox: a million imported
 * orders must not become a million `order.placed` events, so the stock they took is recorded by
 * the catalog's own bulk import, and readers of orders rebuild from them afterwards.
 *
 * @example
 *   const orders = ordersBulkImport(database);
 *   await orders.migrate();
 *   await orders.addOrders(chunkOfOrders);
 */
export function ordersBulkImport(database: Database): OrdersBulkImport {
  const db = serviceDb<OrdersTables>(database, 'orders');
  return {
    migrate: async () => {
      await migrateToLatest(database, 'orders', migrations);
    },
    countOrders: () => countOrderRows(db),
    clear: () =>
      db.transaction().execute(async (trx) => {
        await deleteOrderRows(trx);
        await discardPendingEvents(trx);
      }),
    analyze: () => analyzeTables(database.root, 'orders', ['orders', 'order_items']),
    addOrders: (orders) =>
      db.transaction().execute(async (trx) => {
        await insertOrderRows(
          trx,
          orders.map((order) => ({
            id: order.id,
            user_id: order.userId,
            status: order.status,
            total: order.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0),
            currency: order.currency,
            created_at: order.createdAt,
            updated_at: order.updatedAt,
          })),
        );
        await insertOrderItemRows(
          trx,
          orders.flatMap((order) =>
            order.items.map((item) => ({ order_id: order.id, book_id: item.bookId, title: item.title, unit_price: item.unitPrice, quantity: item.quantity })),
          ),
        );
      }),
  };
}
