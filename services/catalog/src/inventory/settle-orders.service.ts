import { ORDER_CANCELLED } from '@pustaka/contracts';
import type { OrderCancelledPayload, OrderPlacedPayload } from '@pustaka/contracts';
import type { EventContextRunner, EventEnvelope } from '@pustaka/kit/bus';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogDb } from '../catalog.tables.ts';
import { forgetCachedBooks } from '../books/book-cache.ts';
import { releaseWithin, retakeReleasedReservation } from './inventory.service.ts';
import { findReservation, lockStockOf, moveReservation, moveReservations } from './reservations.repository.ts';

export type OrderEvent = OrderPlacedPayload | OrderCancelledPayload;

/**
 * Settles reservations from the orders' events, inside the transaction that records them in the
 * consumer's inbox: `order.placed` commits the order's reservation (the stock is sold),
 * `order.cancelled` gives it back.
 */
export interface OrderSettlement {
  /** Applies one event. */
  settle(trx: CatalogDb, event: EventEnvelope<OrderEvent>): Promise<void>;
  /** Applies a batch's events in order, with the effect of `settle` on each in turn. */
  settleAll(trx: CatalogDb, events: EventEnvelope<OrderEvent>[], inContextOf: EventContextRunner): Promise<void>;
  /** Once the transaction committed: announces the stock that moved and forgets those books' cached copies. */
  announce(): Promise<void>;
}

/**
 * The settlement of one consumer: its transactions run one at a time, so it keeps the books
 * whose stock the transaction in progress moved. Committing a held reservation moves no stock, so
 * at checkout rates this stays empty and the cache and the relay are left alone. A rolled-back
 * transaction leaves extra ids: forgetting a cached book needlessly is harmless.
 */
export function orderSettlement(ctx: CatalogContext): OrderSettlement {
  const stockMoved = new Set<string>();
  const note = (bookIds: string[]) => bookIds.forEach((id) => stockMoved.add(id));
  return {
    settle: async (trx, event) => {
      const { orderId } = event.payload;
      if (event.type === ORDER_CANCELLED) {
        note(await releaseWithin(ctx, trx, orderId, ['held', 'committed'], true));
        return;
      }
      if (await moveReservation(trx, orderId, ['held'], 'committed', ctx.now())) return;
      note(await settleUnheldPlacement(ctx, trx, orderId));
    },
    settleAll: async (trx, events, inContextOf) => note(await applyOrderEvents(ctx, trx, events, inContextOf)),
    announce: async () => {
      if (stockMoved.size === 0) return;
      const bookIds = [...stockMoved];
      stockMoved.clear();
      // A cancellation gave stock back, or a late placement took it again: announce and forget.
      ctx.events.notify();
      await forgetCachedBooks(ctx, bookIds);
    },
  };
}

/**
 * The effect of `settle` on each event in turn, with one UPDATE for each run of consecutive
 * placements (different orders' placements do not interact). A cancellation is applied in its
 * place, so one that follows its order's placement still ends released.
 */
async function applyOrderEvents(ctx: CatalogContext, trx: CatalogDb, events: EventEnvelope<OrderEvent>[], inContextOf: EventContextRunner): Promise<string[]> {
  const cancelled = events.filter((event) => event.type === ORDER_CANCELLED);
  // Reservations take books in id order; cancellations give back books of several orders here,
  // so they lock them all in that order first, or they could deadlock with a reservation.
  const givenBack = [...new Set(cancelled.flatMap((event) => event.payload.items.map((item) => item.bookId)))];
  if (givenBack.length > 0) await lockStockOf(trx, givenBack);
  const moved: string[] = [];
  let placements: EventEnvelope<OrderEvent>[] = [];
  for (const event of events) {
    if (event.type !== ORDER_CANCELLED) {
      placements.push(event);
      continue;
    }
    moved.push(...(await commitPlacements(ctx, trx, placements, inContextOf)));
    placements = [];
    moved.push(...(await inContextOf(event, () => releaseWithin(ctx, trx, event.payload.orderId, ['held', 'committed'], true))));
  }
  moved.push(...(await commitPlacements(ctx, trx, placements, inContextOf)));
  return moved;
}

/** Commits the held reservations of a run of placements in one statement; returns the books whose stock moved. */
async function commitPlacements(
  ctx: CatalogContext,
  trx: CatalogDb,
  placements: EventEnvelope<OrderEvent>[],
  inContextOf: EventContextRunner,
): Promise<string[]> {
  if (placements.length === 0) return [];
  const committed = await moveReservations(
    trx,
    placements.map((event) => event.payload.orderId),
    ['held'],
    'committed',
    ctx.now(),
  );
  const moved: string[] = [];
  for (const event of placements) {
    const { orderId } = event.payload;
    if (!committed.has(orderId)) moved.push(...(await inContextOf(event, () => settleUnheldPlacement(ctx, trx, orderId))));
  }
  return moved;
}

/**
 * A placement whose reservation was not held: nothing to do if committed, taken again if released.
 * Returns the books whose stock it took.
 */
async function settleUnheldPlacement(ctx: CatalogContext, trx: CatalogDb, orderId: string): Promise<string[]> {
  const found = await findReservation(trx, orderId);
  if (found?.reservation.status !== 'released') return [];
  await retakeReleasedReservation(ctx, trx, orderId, found.lines);
  return found.lines.map((line) => line.book_id);
}
