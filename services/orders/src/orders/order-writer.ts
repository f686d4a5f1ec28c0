import type { OrderStorage } from '../orders-context.ts';
import { forgetOrdersOfBooks } from '../book-orders/book-orders.service.ts';
import { NotTogether, togetherOrAlone } from '@pustaka/kit/db';
import type { Transaction } from '@pustaka/kit/db';
import type { OrdersTables } from '../orders.tables.ts';
import { insertNewOrders, insertOrder, insertOrderItems } from './orders.repository.ts';
import type { Order } from './order.ts';
import { assertReservationStillHeld, hasReservationExpired, orderPlacedPayload } from './priced-order.ts';
import type { PricedOrder } from './priced-order.ts';

/**
 * Work done in the order's own transaction besides writing it (e.g. completing an idempotency key).
 * It may run twice: in a shared transaction that then rolls back, and again when the order is
 * written alone. Only what it does through `trx` may have effects, so only the committed run counts.
 */
export type AlsoInTransaction = (trx: Transaction<OrdersTables>, order: Order) => Promise<void>;

export interface OrderWriter {
  /**
   * Writes a priced order: its row, items, `order.placed` and `also`, in one transaction, committed
   * only while its reservation still holds. Resolves once it is committed; rejects with the answer
   * `writeOrderAlone` gives (RESERVATION_EXPIRED, ...) when nothing of it was written.
   */
  write(placed: PricedOrder, also?: AlsoInTransaction): Promise<WrittenOrder>;
}

export interface WrittenOrder {
  order: Order;
  /** Settles once the commit is announced: the outbox relay woken, the books' cached order lists forgotten. */
  announced: Promise<void>;
}

interface Waiting {
  placed: PricedOrder;
  also: AlsoInTransaction | undefined;
}

/**
 * Group commit for orders. While one batch is being written, the orders that arrive queue up and
 * go together in the next: one transaction inserts all their rows and items (a statement each),
 * records all their `order.placed`, runs each order's `also` in arrival order and checks every
 * reservation right before the commit; after it, one wake of the relay and one forget of the
 * batch's books. That turns a transaction per order into a few under load. A batch that cannot
 * be written this way (a reservation expired, an order id written before, an `also` that failed,
 * any error) rolls back whole and each of its orders is written alone by `writeOrderAlone`,
 * which gives each its precise answer. Either way each order gets the answer it would get alone.
 *
 * @example
 *   const writer = createOrderWriter(ctx);
 *   const { order, announced } = await writer.write(priceOrder(orderId, userId, reservation, ctx.now()));
 */
export function createOrderWriter(ctx: OrderStorage, options: { maxBatch?: number } = {}): OrderWriter {
  const write = togetherOrAlone<Waiting, WrittenOrder>({
    maxSize: options.maxBatch ?? 100,
    // A retry racing its first attempt is written after the batch, where it gets its own answer.
    keyOf: (each) => each.placed.row.id,
    together: async (batch) => {
      await writeOrdersTogether(ctx, batch);
      const announced = announce(ctx, batch.map((each) => each.placed.order));
      return new Map(batch.map((each) => [each, { order: each.placed.order, announced }]));
    },
    alone: async (each) => {
      await writeOrderAlone(ctx, each.placed, each.also);
      return { order: each.placed.order, announced: announce(ctx, [each.placed.order]) };
    },
    logger: ctx.logger,
    what: 'order',
  });
  return { write: (placed, also) => write({ placed, also }) };
}

/** One transaction for the whole batch; throws (rolled back, nothing written) when it cannot be served this way. */
async function writeOrdersTogether(ctx: OrderStorage, batch: Waiting[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const written = await insertNewOrders(trx, batch.map(({ placed }) => placed.row));
    if (written < batch.length) throw new NotTogether('an order id was written before');
    await insertOrderItems(trx, batch.flatMap(({ placed }) => placed.items));
    await ctx.events.recordAll(trx, batch.map(({ placed }) => ({ type: 'order.placed', payload: orderPlacedPayload(placed.order) })));
    for (const { placed, also } of batch) {
      // An `also` that fails is its own order's failure, answered (and logged, if unexpected)
      // when that order is written alone; it is not the batch's.
      try {
        await also?.(trx, placed.order);
      } catch (error) {
        throw new NotTogether('an order\'s work in its transaction failed', { cause: error });
      }
    }
    const now = ctx.now();
    if (batch.some(({ placed }) => hasReservationExpired(placed, now))) throw new NotTogether('a reservation expired');
  });
}

/** After a commit: the relay sends its events now rather than at its next poll, and no cached order list of its books outlives it. */
async function announce(ctx: OrderStorage, orders: Order[]): Promise<void> {
  ctx.events.notify();
  await forgetOrdersOfBooks(ctx, [...new Set(orders.flatMap((order) => order.items.map((item) => item.bookId)))]);
}

/** Writes one order in a transaction of its own; a failure (RESERVATION_EXPIRED, ...) is its precise answer. */
async function writeOrderAlone(ctx: OrderStorage, placed: PricedOrder, also?: AlsoInTransaction): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await insertOrder(trx, placed.row, placed.items);
    await ctx.events.record(trx, 'order.placed', orderPlacedPayload(placed.order));
    await also?.(trx, placed.order);
    assertReservationStillHeld(placed, ctx.now());
  });
}
