import { ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import type { OrderCancelledPayload, OrderPlacedPayload } from '@pustaka/contracts';
import type { EventSubscription } from '@pustaka/kit/platform';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { forgetBooks, releaseWithin, retakeReleasedReservation } from './inventory.service.ts';
import { findReservation, moveReservation } from './reservations.repository.ts';

type OrderEvent = OrderPlacedPayload | OrderCancelledPayload;

/**
 * Settles reservations from the orders' events: `order.placed` commits the order's reservation
 * (the stock is sold), `order.cancelled` gives it back. Applied once per event (inbox), in order.
 */
export function orderEventsConsumer(ctx: CatalogContext): EventSubscription<CatalogTables, OrderEvent> {
  return {
    schema: 'catalog',
    consumerId: 'catalog.reservations',
    events: [ORDER_PLACED, ORDER_CANCELLED],
    handle: async (trx, event) => {
      const { orderId } = event.payload;
      if (event.type === ORDER_CANCELLED) {
        await releaseWithin(ctx, trx, orderId, ['held', 'committed'], true);
        return;
      }
      if (await moveReservation(trx, orderId, ['held'], 'committed', ctx.now())) return;
      const found = await findReservation(trx, orderId);
      if (found?.reservation.status === 'released') await retakeReleasedReservation(ctx, trx, orderId, found.lines);
    },
    afterCommit: async (event) => {
      // A cancellation gave stock back, and a late placement may have taken it again.
      ctx.events.notify();
      await forgetBooks(ctx, event.payload.items.map((item) => item.bookId));
    },
  };
}
