import type { Client } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { Orders } from '@pustaka/contracts/orders/v1';
import { Ticketing } from '@pustaka/contracts/ticketing/v1';
import type { Logger } from '@pustaka/kit/log';
import type { RpcHub } from '@pustaka/kit/platform';
import { createRpcClient } from '@pustaka/kit/rpc';

/** The services that own what the rollups are made of, as analytics calls them to rebuild. */
export interface OwnerClients {
  inventory: Client<typeof Inventory>;
  ticketing: Client<typeof Ticketing>;
  orders: Client<typeof Orders>;
}

/**
 * gRPC clients of the catalog, ticketing and orders (in memory in one process, over the network in
 * the cluster), each call with `deadlineMs`: a page of a listing, not a request a user waits on.
 *
 * @example
 *   const owners = ownerClients(deps.rpc, { deadlineMs: settings.ANALYTICS_OWNER_DEADLINE_MS, logger });
 */
export function ownerClients(rpc: Pick<RpcHub, 'transportTo'>, options: { deadlineMs: number; logger: Logger }): OwnerClients {
  const { deadlineMs, logger } = options;
  return {
    // Named for the caller: in one process other services have clients of these owners of their own.
    inventory: createRpcClient(Inventory, rpc.transportTo('catalog'), { name: 'analytics-to-catalog', deadlineMs, logger }),
    ticketing: createRpcClient(Ticketing, rpc.transportTo('ticketing'), { name: 'analytics-to-ticketing', deadlineMs, logger }),
    orders: createRpcClient(Orders, rpc.transportTo('orders'), { name: 'analytics-to-orders', deadlineMs, logger }),
  };
}
