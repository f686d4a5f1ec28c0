import type { Kysely } from '@pustaka/kit/db';
import { STOCK_CHANGED, STOCK_LOW } from '@pustaka/contracts';
import type { StockChangedPayload, StockChangeReason, StockLowPayload } from '@pustaka/contracts';
import type { CatalogContext } from '../catalog-context.ts';

/** One book's stock after a change, as the statement that changed it returned it. */
export interface StockMovement {
  bookId: string;
  title: string;
  /** Stock after the change. */
  stock: number;
  delta: number;
  threshold: number;
  reason: StockChangeReason;
}

/**
 * Records `stock.changed` for every movement, and `stock.low` when one crosses its book's
 * threshold (from above it to at or below it; staying low does not repeat the alarm), in the
 * transaction that moved the stock.
 */
export async function recordStockMovements(ctx: CatalogContext, trx: Kysely<any>, movements: StockMovement[]): Promise<void> {
  const events: Array<{ type: string; payload: StockChangedPayload | StockLowPayload }> = [];
  for (const movement of movements) {
    if (movement.delta === 0) continue;
    events.push({ type: STOCK_CHANGED, payload: { bookId: movement.bookId, stock: movement.stock, delta: movement.delta, reason: movement.reason } });
    const before = movement.stock - movement.delta;
    if (before > movement.threshold && movement.stock <= movement.threshold) {
      events.push({ type: STOCK_LOW, payload: { bookId: movement.bookId, title: movement.title, stock: movement.stock, threshold: movement.threshold } });
    }
  }
  await ctx.events.recordAll(trx, events);
}
