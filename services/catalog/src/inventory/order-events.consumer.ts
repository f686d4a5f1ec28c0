import { ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import type { OrderCancelledPayload, OrderPlacedPayload } from '@pustaka/contracts';
import type { EventContextRunner, EventEnvelope } from '@pustaka/kit/bus';
import type { EventSubscription } from '@pustaka/kit/platform';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogDb, CatalogTables } from '../catalog.tables.ts';
import { forgetBooks, releaseWithin, retakeReleasedReservation } from './inventory.service.ts';
import { findReservation, lockStockOf, moveReservation, moveReservations } from './reservations.repository.ts';

type OrderEvent = OrderPlacedPayload | OrderCancelledPayload;

/** At checkout rates the events waiting in the queue commit in one transaction, not one each. */
const BATCH_SIZE = 100;

/**
 * Settles reservations from the orders' events: `order.placed` commits the order's reservation
 * (the stock is sold), `order.cancelled` gives it back. Applied once per event (inbox), in order,
 * many events to a transaction.
 */
export function orderEventsConsumer(ctx: CatalogContext): EventSubscription<CatalogTables, OrderEvent> {
  return {
    schema: 'catalog',
    consumerId: 'catalog.reservations',
    events: [ORDER_PLACED, ORDER_CANCELLED],
    batchSize: BATCH_SIZE,
    handle: async (trx, event) => {
      const { orderId } = event.payload;
      if (event.type === ORDER_CANCELLED) {
        await releaseWithin(ctx, trx, orderId, ['held', 'committed'], true);
        return;
      }
      if (await moveReservation(trx, orderId, ['held'], 'committed', ctx.now())) return;
      await settleUnheldPlacement(ctx, trx, orderId);
    },
    handleBatch: (trx, events, inContextOf) => applyOrderEvents(ctx, trx, events, inContextOf),
    afterBatchCommit: async (events) => {
      // A cancellation gave stock back, and a late placement may have taken it again.
      ctx.events.notify();
      await forgetBooks(ctx, [...new Set(events.flatMap((event) => event.payload.items.map((item) => item.bookId)))]);
    },
  };
}

/**
 * The effect of the single handler on each event in turn, with one UPDATE for each run of
 * consecutive placements (different orders' placements do not interact). A cancellation is
 * applied in its place, so one that follows its order's placement still ends released.
 */
async function applyOrderEvents(ctx: CatalogContext, trx: CatalogDb, events: EventEnvelope<OrderEvent>[], inContextOf: EventContextRunner): Promise<void> {
  const cancelled = events.filter((event) => event.type === ORDER_CANCELLED);
  // Reservations take books in id order; cancellations give back books of several orders here,
  // so they lock them all in that order first, or they could deadlock with a reservation.
  const givenBack = [...new Set(cancelled.flatMap((event) => event.payload.items.map((item) => item.bookId)))];
  if (givenBack.length > 0) await lockStockOf(trx, givenBack);
  let placements: EventEnvelope<OrderEvent>[] = [];
  for (const event of events) {
    if (event.type !== ORDER_CANCELLED) {
      placements.push(event);
      continue;
    }
    await commitPlacements(ctx, trx, placements, inContextOf);
    placements = [];
    await inContextOf(event, () => releaseWithin(ctx, trx, event.payload.orderId, ['held', 'committed'], true));
  }
  await commitPlacements(ctx, trx, placements, inContextOf);
}

async function commitPlacements(ctx: CatalogContext, trx: CatalogDb, placements: EventEnvelope<OrderEvent>[], inContextOf: EventContextRunner): Promise<void> {
  if (placements.length === 0) return;
  const committed = await moveReservations(trx, placements.map((event) => event.payload.orderId), ['held'], 'committed', ctx.now());
  for (const event of placements) {
    const { orderId } = event.payload;
    if (!committed.has(orderId)) await inContextOf(event, () => settleUnheldPlacement(ctx, trx, orderId));
  }
}

/** A placement whose reservation was not held: nothing to do if committed, taken again if released. */
async function settleUnheldPlacement(ctx: CatalogContext, trx: CatalogDb, orderId: string): Promise<void> {
  const found = await findReservation(trx, orderId);
  if (found?.reservation.status === 'released') await retakeReleasedReservation(ctx, trx, orderId, found.lines);
}
