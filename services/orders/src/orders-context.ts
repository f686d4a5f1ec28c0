import type { Inventory } from './inventory.ts';
import type { OrderStorage, OrderWriter } from './orders/order-writer.ts';

// The parts of the context, named from here by the use cases and their tests.
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
