import type { Transport } from '@connectrpc/connect';
import { Orders } from '@pustaka/contracts/orders/v1';
import type { Logger } from '@pustaka/kit/log';
import { createRpcClient } from '@pustaka/kit/rpc';

/** What the orders service knows about orders: the status of each id that was written. */
export interface OrdersLookup {
  /** Statuses (`placed`, `fulfilled`, `cancelled`) by order id; ids never written are absent. Throws when orders cannot answer. */
  statusesOf(orderIds: string[]): Promise<Map<string, string>>;
}

/** `Orders.FindOrders` over gRPC (or in memory in the embedded default), with a deadline and a breaker. */
export function ordersLookup(transport: Transport, options: { deadlineMs: number; logger: Logger }): OrdersLookup {
  const client = createRpcClient(Orders, transport, { name: 'orders', deadlineMs: options.deadlineMs, logger: options.logger });
  return {
    statusesOf: async (orderIds) => {
      const { orders } = await client.findOrders({ orderIds });
      return new Map(orders.map((order) => [order.orderId, order.status]));
    },
  };
}
