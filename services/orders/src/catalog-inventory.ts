import type { Transport } from '@connectrpc/connect';
import { Inventory as InventoryService } from '@pustaka/contracts/catalog/v1';
import type { Logger } from '@pustaka/kit/log';
import { createRpcClient } from '@pustaka/kit/rpc';
import type { Inventory } from './orders-context.ts';

/**
 * The catalog's `Inventory` over gRPC, with a deadline on every call and a circuit breaker: when
 * the catalog is down, orders fail fast with 503 UPSTREAM_UNAVAILABLE instead of piling up.
 */
export function catalogInventory(transport: Transport, options: { deadlineMs: number; logger: Logger }): Inventory {
  const client = createRpcClient(InventoryService, transport, { name: 'catalog', deadlineMs: options.deadlineMs, logger: options.logger });
  return {
    reserve: async (request) => {
      const response = await client.reserve(request);
      return {
        lines: response.lines.map(({ bookId, quantity, title, unitPrice, currency }) => ({ bookId, quantity, title, unitPrice, currency })),
        expiresAt: response.expiresAt,
      };
    },
    release: async (orderId) => {
      await client.release({ orderId });
    },
  };
}
