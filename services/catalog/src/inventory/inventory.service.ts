import { AppError } from '@pustaka/kit/errors';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogDb } from '../catalog.tables.ts';
import { forgetCachedBooks } from '../books/book-cache.ts';
import {
  claimReservation,
  findExpiredHeld,
  findReservation,
  findStockLevels,
  insertReservationLines,
  moveReservation,
  returnStock,
  takeStock,
} from './reservations.repository.ts';
import type { ReservationLineRow, ReservationRow, TakenStock } from './reservations.repository.ts';
import { recordStockMovements } from '../stock/stock-events.ts';
import type { StockMovement } from '../stock/stock-events.ts';
import { reservationsSwept, stockConflicts } from '../stock/stock-metrics.ts';
import { mergeLines, sameLines, toReservation } from './reservation-lines.ts';
import type { OrdersLookup } from './orders-lookup.ts';
import type { OrderLine, Reservation } from './reservation-lines.ts';

export interface ReserveRequest {
  orderId: string;
  items: OrderLine[];
  ttlSeconds: number;
}

/**
 * Takes stock for every line of an order, or for none: one transaction, books touched in id order
 * (so two orders can never deadlock), each with a conditional decrement. Idempotent per order id:
 * a retry gets the same reservation back and takes nothing more.
 */
export async function reserveStock(ctx: CatalogContext, request: ReserveRequest): Promise<Reservation> {
  const lines = mergeLines(request.items);
  const now = ctx.now();
  const header: ReservationRow = {
    order_id: request.orderId,
    status: 'held',
    expires_at: new Date(now.getTime() + request.ttlSeconds * 1000),
    created_at: now,
    updated_at: now,
  };
  const reservation = await ctx.db.transaction().execute(async (trx) => {
    if (!(await claimReservation(trx, header))) return replay(trx, request.orderId, lines);
    const taken: ReservationLineRow[] = [];
    const movements: StockMovement[] = [];
    const short: OrderLine[] = [];
    for (const line of lines) {
      const book = await takeStock(trx, line.bookId, line.quantity, now);
      if (!book) {
        short.push(line);
        continue;
      }
      taken.push({ order_id: request.orderId, book_id: book.id, quantity: line.quantity, unit_price: book.price, currency: book.currency, title: book.title });
      movements.push(movementOf(book, -line.quantity, 'reservation'));
    }
    // Throwing rolls back every decrement and the claim: all lines or none.
    if (short.length > 0) throw await shortage(trx, short);
    await insertReservationLines(trx, taken);
    await recordStockMovements(ctx, trx, movements);
    return toReservation(header, taken);
  });
  ctx.events.notify();
  await forgetCachedBooks(
    ctx,
    reservation.lines.map((line) => line.bookId),
  );
  return reservation;
}

/** The order landed: its reservation stays taken for good. `false` if it was no longer held. */
export async function commitReservation(ctx: CatalogContext, orderId: string): Promise<boolean> {
  return moveReservation(ctx.db, orderId, ['held'], 'committed', ctx.now());
}

/**
 * Gives back the stock of an order that never landed (the orders service could not write it).
 * Only a held reservation is released: a committed one belongs to a placed order. Idempotent. A
 * release that arrives before its reservation leaves a `released` marker, so a late reserve for
 * that order is refused instead of taking stock nobody would ever give back.
 */
export async function releaseReservation(ctx: CatalogContext, orderId: string): Promise<boolean> {
  return release(ctx, orderId, ['held'], true);
}

/** Gives back the stock of a cancelled order, whether or not its placement was processed yet. */
export async function releaseCancelledOrder(ctx: CatalogContext, orderId: string): Promise<boolean> {
  return release(ctx, orderId, ['held', 'committed'], true);
}

export interface SweepOptions {
  /** A reservation is settled only this long after its expiry: see `assertReservationStillHeld` in orders. */
  graceSeconds: number;
  limit?: number;
}

/**
 * Settles held reservations past their expiry (plus a grace period). Only orders knows whether an
 * order landed: its `order.placed` may be late (a broker outage, a backlog), so releasing on the
 * clock alone could sell a placed order's stock twice. So the job asks orders first: a reservation
 * whose order exists (and is not cancelled) is committed, the rest are released. When orders
 * cannot answer, nothing is settled this round: stock held a little longer is the safe mistake.
 */
export async function settleExpiredReservations(
  ctx: CatalogContext,
  orders: OrdersLookup,
  options: SweepOptions,
): Promise<{ committed: number; released: number }> {
  const cutoff = new Date(ctx.now().getTime() - options.graceSeconds * 1000);
  const expired = await findExpiredHeld(ctx.db, cutoff, options.limit ?? 100);
  const settled = { committed: 0, released: 0 };
  if (expired.length === 0) return settled;
  const statuses = await orders.statusesOf(expired);
  // Each in its own transaction and only if still held: an order.placed racing the job wins cleanly.
  for (const orderId of expired) {
    const status = statuses.get(orderId);
    if (status === 'placed' || status === 'fulfilled') {
      if (await commitReservation(ctx, orderId)) settled.committed += 1;
    } else if (await release(ctx, orderId, ['held'], false)) {
      settled.released += 1;
    }
  }
  if (settled.committed > 0) reservationsSwept().inc({ outcome: 'committed' }, settled.committed);
  if (settled.released > 0) reservationsSwept().inc({ outcome: 'released' }, settled.released);
  return settled;
}

async function release(ctx: CatalogContext, orderId: string, from: Array<'held' | 'committed'>, markUnknown: boolean): Promise<boolean> {
  const bookIds = await ctx.db.transaction().execute((trx) => releaseWithin(ctx, trx, orderId, from, markUnknown));
  ctx.events.notify();
  await forgetCachedBooks(ctx, bookIds);
  return bookIds.length > 0;
}

/**
 * The body of a release, inside the caller's transaction (an event consumer's, with its inbox).
 * Returns the books whose stock came back; the caller forgets them from the cache after commit.
 */
export async function releaseWithin(
  ctx: CatalogContext,
  trx: CatalogDb,
  orderId: string,
  from: Array<'held' | 'committed'>,
  markUnknown: boolean,
): Promise<string[]> {
  const now = ctx.now();
  if (!(await moveReservation(trx, orderId, from, 'released', now))) {
    if (markUnknown) await claimReservation(trx, { order_id: orderId, status: 'released', expires_at: now, created_at: now, updated_at: now });
    return [];
  }
  const found = await findReservation(trx, orderId);
  const movements: StockMovement[] = [];
  for (const line of found?.lines ?? []) {
    const book = await returnStock(trx, line.book_id, line.quantity, now);
    if (book) movements.push(movementOf(book, line.quantity, 'release'));
  }
  await recordStockMovements(ctx, trx, movements);
  return movements.map((movement) => movement.bookId);
}

/**
 * An order landed but its reservation had been released. The expiry job asks orders before it
 * releases, and orders never writes an order after its reservation expired, so this takes a
 * failure beyond those (an orders process frozen between its last check and its commit for longer
 * than the grace period). Takes the stock again if it is still there, so the sale stands without
 * overselling. If it is not, throws RESERVATION_LOST: the event is retried and then parked as a
 * dead letter, visible to staff, who can restock and replay.
 */
export async function retakeReleasedReservation(ctx: CatalogContext, trx: CatalogDb, orderId: string, lines: ReservationLineRow[]): Promise<void> {
  const now = ctx.now();
  const movements: StockMovement[] = [];
  for (const line of lines) {
    const book = await takeStock(trx, line.book_id, line.quantity, now);
    if (!book) {
      throw new AppError('conflict', 'RESERVATION_LOST', `Order ${orderId} landed after its reservation expired and its stock was sold`);
    }
    movements.push(movementOf(book, -line.quantity, 'reservation'));
  }
  await moveReservation(trx, orderId, ['released'], 'committed', now);
  await recordStockMovements(ctx, trx, movements);
  ctx.logger.warn({ orderId }, 'order placed after its reservation expired: stock taken again');
}

async function replay(db: CatalogDb, orderId: string, lines: OrderLine[]): Promise<Reservation> {
  const existing = await findReservation(db, orderId);
  if (!existing || existing.reservation.status === 'released') {
    throw new AppError('conflict', 'RESERVATION_RELEASED', "This order's reservation was already released; place the order again");
  }
  if (!sameLines(existing.lines, lines)) {
    throw new AppError('conflict', 'ORDER_ID_REUSED', 'This order id was already used for other items');
  }
  return toReservation(existing.reservation, existing.lines);
}

async function shortage(db: CatalogDb, short: OrderLine[]): Promise<AppError> {
  const available = await findStockLevels(
    db,
    short.map((line) => line.bookId),
  );
  const unknown = short.filter((line) => !available.has(line.bookId)).map((line) => line.bookId);
  if (unknown.length > 0) {
    return new AppError('invalid', 'UNKNOWN_BOOK', 'Some books are not in the catalog', { extensions: { bookIds: unknown } });
  }
  const lines = short.map((line) => ({ bookId: line.bookId, requested: line.quantity, available: available.get(line.bookId) ?? 0 }));
  stockConflicts().inc({ operation: 'reserve' });
  return new AppError('conflict', 'OUT_OF_STOCK', 'Not enough stock for some lines', { extensions: { lines } });
}

function movementOf(book: TakenStock, delta: number, reason: StockMovement['reason']): StockMovement {
  return { bookId: book.id, title: book.title, stock: book.stock, delta, threshold: book.low_stock_threshold, reason };
}
