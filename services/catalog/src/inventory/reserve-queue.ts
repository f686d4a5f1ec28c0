import { NotTogether, togetherOrAlone } from '@pustaka/kit/db';
import type { CatalogContext } from '../catalog-context.ts';
import { claimReservations, insertReservationLines, lockStockOf, takeStockOfLocked } from './reservations.repository.ts';
import type { ReservationLineRow, ReservationRow, TakenStock } from './reservations.repository.ts';
import { recordStockMovements } from '../stock/stock-events.ts';
import { forgetCachedBooks } from '../books/book-cache.ts';
import { reserveStock } from './inventory.service.ts';
import type { ReserveRequest } from './inventory.service.ts';
import { mergeLines, toReservation } from './reservation-lines.ts';
import type { OrderLine, Reservation } from './reservation-lines.ts';

export interface ReserveQueue {
  /** Same contract as `reserveStock`: every line or none, idempotent per order id. */
  reserve(request: ReserveRequest): Promise<Reservation>;
}

interface Waiting {
  request: ReserveRequest;
  lines: OrderLine[];
}

/**
 * Group commit for reservations. While one batch is being written, the requests that arrive queue
 * up and go together in the next: one transaction locks the batch's books in id order, takes the
 * requests that fit the stock in arrival order (every line of a request or none), claims their
 * order ids, takes each book's total in one statement and records one `stock.changed` per book.
 * Under a rush for one book that turns hundreds of transactions queueing on one row lock into a
 * few. Requests that do not fit, and whole batches that cannot be written this way (an order id
 * reserved before, an error: rolled back, nothing taken), are served alone by `reserveStock`,
 * which gives the precise answer (OUT_OF_STOCK with the lines, a replay, ...). Either way each
 * request gets the answer `reserveStock` would have given it.
 *
 * @example
 *   const queue = createReserveQueue(ctx);
 *   const reservation = await queue.reserve({ orderId, items, ttlSeconds: 300 });
 */
export function createReserveQueue(ctx: CatalogContext, options: { maxBatch?: number } = {}): ReserveQueue {
  const serve = togetherOrAlone<Waiting, Reservation>({
    maxSize: options.maxBatch ?? 100,
    // A retry racing its first attempt is served after the batch, where it finds the reservation.
    keyOf: (each) => each.request.orderId,
    together: (batch) => reserveTogether(ctx, batch),
    alone: (each) => reserveStock(ctx, each.request),
    logger: ctx.logger,
    what: 'reservation',
  });
  return {
    // Invalid requests are refused here, before they could spoil a batch.
    reserve: async (request) => serve({ request, lines: mergeLines(request.items) }),
  };
}

/**
 * One transaction for the requests of the batch that fit the stock, in arrival order; the rest are
 * returned to be served alone. Throws (rolled back, nothing taken) when the batch cannot be
 * served this way, e.g. an order id that was reserved before.
 */
async function reserveTogether(ctx: CatalogContext, batch: Waiting[]): Promise<Map<Waiting, Reservation>> {
  const now = ctx.now();
  const bookIds = [...new Set(batch.flatMap(({ lines }) => lines.map((line) => line.bookId)))].sort();
  const served = new Map<Waiting, Reservation>();
  const taken = await ctx.db.transaction().execute(async (trx) => {
    const left = new Map((await lockStockOf(trx, bookIds)).map((book) => [book.id, book.stock]));
    const fitting: Waiting[] = [];
    for (const each of batch) {
      if (!each.lines.every((line) => (left.get(line.bookId) ?? -1) >= line.quantity)) continue;
      for (const line of each.lines) left.set(line.bookId, left.get(line.bookId)! - line.quantity);
      fitting.push(each);
    }
    if (fitting.length === 0) return [];
    const headers = new Map<Waiting, ReservationRow>(
      fitting.map((each) => [
        each,
        {
          order_id: each.request.orderId,
          status: 'held',
          expires_at: new Date(now.getTime() + each.request.ttlSeconds * 1000),
          created_at: now,
          updated_at: now,
        },
      ]),
    );
    const claimed = await claimReservations(trx, [...headers.values()]);
    if (claimed.size < fitting.length) throw new NotTogether('an order id was reserved before');
    const totals = new Map<string, number>();
    for (const { lines } of fitting) for (const line of lines) totals.set(line.bookId, (totals.get(line.bookId) ?? 0) + line.quantity);
    const books = await takeStockOfLocked(trx, totals, now);
    if (books.length < totals.size) throw new NotTogether('stock moved under a lock');
    const byId = new Map<string, TakenStock>(books.map((book) => [book.id, book]));
    const allLines: ReservationLineRow[] = [];
    for (const [each, header] of headers) {
      const lines = each.lines.map((line) => {
        const book = byId.get(line.bookId)!;
        return { order_id: header.order_id, book_id: book.id, quantity: line.quantity, unit_price: book.price, currency: book.currency, title: book.title };
      });
      allLines.push(...lines);
      served.set(each, toReservation(header, lines));
    }
    await insertReservationLines(trx, allLines);
    await recordStockMovements(
      ctx,
      trx,
      books.map((book) => ({
        bookId: book.id,
        title: book.title,
        stock: book.stock,
        delta: -totals.get(book.id)!,
        threshold: book.low_stock_threshold,
        reason: 'reservation' as const,
      })),
    );
    return books.map((book) => book.id);
  });
  if (taken.length > 0) {
    ctx.events.notify();
    await forgetCachedBooks(ctx, taken);
  }
  return served;
}
