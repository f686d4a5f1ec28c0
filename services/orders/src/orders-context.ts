import type { Inventory } from './inventory.ts';
import type { OrderStorage, OrderWriter } from './orders/order-writer.ts';

// What the use cases and their callers name through the context: the catalog's side, and the writer's storage.
export type { Inventory, OrderLineRequest, StockReservation } from './inventory.ts';
export type { OrderStorage } from './orders/order-writer.ts';

/** What every orders use case receives: storage, cache, the clock, ids and the services it calls. */
export interface OrdersContext extends OrderStorage {
  newId: () => string;
  inventory: Inventory;
  /** Writes placed orders, sharing a transaction between those that arrive together; one per service. */
  orderWriter: OrderWriter;
  settings: { reservationTtlSeconds: number; bookOrdersCacheTtlSeconds: number };
}
