import type { ConnectRouter } from '@connectrpc/connect';
import { Orders } from '@pustaka/contracts/orders/v1';
import { AppError } from '@pustaka/kit/errors';
import { keysetPageOf } from '@pustaka/kit/rpc';
import type { OrdersContext } from '../orders-context.ts';
import { listOrdersPage } from './order-listing.service.ts';
import { findOrderStatuses } from './orders.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDS = 500;

/**
 * `pustaka.orders.v1.Orders` for other services: the catalog's expiry job asks which held
 * reservations became orders before it gives their stock back; discovery lists every order to
 * rebuild what it keeps of them.
 */
export function registerOrdersRpc(router: ConnectRouter, ctx: OrdersContext): void {
  router.service(Orders, {
    async findOrders(request) {
      if (request.orderIds.length > MAX_IDS) invalid(`At most ${MAX_IDS} ids`);
      if (!request.orderIds.every((id) => UUID.test(id))) invalid('Ids are UUIDs');
      const rows = await findOrderStatuses(ctx.db, request.orderIds);
      return { orders: rows.map((row) => ({ orderId: row.id, status: row.status })) };
    },
    async listOrders(request) {
      return listOrdersPage(ctx, keysetPageOf(request), request.statuses);
    },
  });
}

function invalid(detail: string): never {
  throw new AppError('invalid', 'VALIDATION_FAILED', detail);
}
