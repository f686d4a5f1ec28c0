import { AppError } from '@pustaka/kit/errors';
import type { CatalogContext } from '../catalog-context.ts';
import { forgetCachedBook } from '../books/book-cache.ts';
import { MAX_STOCK } from '../books/books.schema.ts';
import { bookNotFound } from '../books/books.service.ts';
import { addToStock, findStock, setStock } from './stock.repository.ts';
import type { StockChange, StockLevel } from './stock.schema.ts';
import { recordStockMovements } from './stock-events.ts';
import { stockConflicts } from './stock-metrics.ts';

/**
 * A staff restock (`delta` > 0), correction (`delta` < 0) or shelf count (`set`). Never below zero:
 * a removal larger than the stock is refused with the stock as it is now.
 */
export async function changeStock(ctx: CatalogContext, bookId: string, change: StockChange): Promise<StockLevel> {
  assertOneChange(change);
  const now = ctx.now();
  const moved = await ctx.db.transaction().execute(async (trx) => {
    const after = change.set !== undefined ? await setStock(trx, bookId, change.set, now) : await addToStock(trx, bookId, change.delta ?? 0, MAX_STOCK, now);
    if (after) await recordStockMovements(ctx, trx, [{ ...after, reason: after.delta > 0 && change.set === undefined ? 'restock' : 'correction' }]);
    return after;
  });
  if (!moved) throw await refusal(ctx, bookId, change.delta ?? 0);
  ctx.events.notify();
  await forgetCachedBook(ctx, bookId);
  return { bookId, stock: moved.stock };
}

/** Why a conditional change touched no row; the stock read here is only reported, never acted on. */
async function refusal(ctx: CatalogContext, bookId: string, delta: number): Promise<AppError> {
  const current = await findStock(ctx.db, bookId);
  if (current === undefined) return bookNotFound();
  if (delta < 0) {
    stockConflicts().inc({ operation: 'adjust' });
    return new AppError('conflict', 'INSUFFICIENT_STOCK', `Only ${current} in stock; cannot remove ${-delta}`, {
      extensions: { bookId, stock: current },
    });
  }
  return new AppError('conflict', 'STOCK_LIMIT_EXCEEDED', `Stock cannot exceed ${MAX_STOCK}`, {
    extensions: { bookId, stock: current, maxStock: MAX_STOCK },
  });
}

function assertOneChange(change: StockChange): void {
  const given = (change.delta !== undefined ? 1 : 0) + (change.set !== undefined ? 1 : 0);
  if (given !== 1) {
    throw new AppError('invalid', 'VALIDATION_FAILED', 'Send exactly one of delta or set', {
      errors: ['/delta', '/set'].map((field) => ({ in: 'body', field, message: 'exactly one of delta or set is required' })),
    });
  }
  if (change.delta === 0) {
    throw new AppError('invalid', 'VALIDATION_FAILED', 'A stock change must not be zero', {
      errors: [{ in: 'body', field: '/delta', message: 'must not be zero' }],
    });
  }
}
