import type { CatalogContext } from '../catalog-context.ts';
import { claimReservations, insertReservationLines, lockStockOf, takeStockOfLocked } from './reservations.repository.ts';
import type { ReservationLineRow, ReservationRow, TakenStock } from './reservations.repository.ts';
import { recordStockMovements } from '../stock/stock-events.ts';
import { forgetBooks, reserveStock } from './inventory.service.ts';
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
  resolve: (reservation: Reservation) => void;
  reject: (error: unknown) => void;
}

/** Signals that a batch cannot be written together; it rolls back and each request is served alone. */
class BatchNotServable extends Error {}

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
  const maxBatch = options.maxBatch ?? 100;
  const waiting: Waiting[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    while (waiting.length > 0) await serve(waiting.splice(0, maxBatch));
    draining = false;
  }

  async function serve(batch: Waiting[]): Promise<void> {
    // One order id twice in a batch (a client's retry racing itself): the later one is served alone
    // after the batch, where it finds the reservation and replays it.
    const first: Waiting[] = [];
    const repeats: Waiting[] = [];
    const seen = new Set<string>();
    for (const each of batch) {
      (seen.has(each.request.orderId) ? repeats : first).push(each);
      seen.add(each.request.orderId);
    }
    const together = first.length > 1 ? await reserveTogether(ctx, first).catch(notServable) : undefined;
    for (const [each, reservation] of together?.served ?? []) each.resolve(reservation);
    const alone = together ? [...together.alone, ...repeats] : batch;
    await Promise.all(alone.map((each) => reserveStock(ctx, each.request).then(each.resolve, each.reject)));
  }

  // Every request of a batch that could not be written together is still served alone; a failure
  // that is not the expected kind is logged, so a batch path that always fails does not hide.
  function notServable(error: unknown): undefined {
    if (!(error instanceof BatchNotServable)) ctx.logger.warn({ err: error }, 'reservation batch failed; serving its requests one by one');
    return undefined;
  }

  return {
    reserve(request) {
      return new Promise((resolve, reject) => {
        // Invalid requests are refused here, before they could spoil a batch.
        const lines = mergeLines(request.items);
        waiting.push({ request, lines, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}

/**
 * One transaction for the requests of the batch that fit the stock, in arrival order; the rest are
 * returned to be served alone. Throws (rolled back, nothing taken) when the batch cannot be
 * served this way, e.g. an order id that was reserved before.
 */
async function reserveTogether(ctx: CatalogContext, batch: Waiting[]): Promise<{ served: Map<Waiting, Reservation>; alone: Waiting[] }> {
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
    const headers = new Map<Waiting, ReservationRow>(fitting.map((each) => [each, {
      order_id: each.request.orderId,
      status: 'held',
      expires_at: new Date(now.getTime() + each.request.ttlSeconds * 1000),
      created_at: now,
      updated_at: now,
    }]));
    const claimed = await claimReservations(trx, [...headers.values()]);
    if (claimed.size < fitting.length) throw new BatchNotServable('an order id was reserved before');
    const totals = new Map<string, number>();
    for (const { lines } of fitting) for (const line of lines) totals.set(line.bookId, (totals.get(line.bookId) ?? 0) + line.quantity);
    const books = await takeStockOfLocked(trx, totals, now);
    if (books.length < totals.size) throw new BatchNotServable('stock moved under a lock');
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
    await recordStockMovements(ctx, trx, books.map((book) => ({
      bookId: book.id, title: book.title, stock: book.stock, delta: -totals.get(book.id)!, threshold: book.low_stock_threshold, reason: 'reservation' as const,
    })));
    return books.map((book) => book.id);
  });
  if (taken.length > 0) {
    ctx.events.notify();
    await forgetBooks(ctx, taken);
  }
  return { served, alone: batch.filter((each) => !served.has(each)) };
}
