import type { Cache } from '@pustaka/kit/cache';
import { AppError } from '@pustaka/kit/errors';
import { NotTogether, togetherOrAlone } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { currentEventHeaders } from '@pustaka/kit/platform';
import type { Outbox } from '@pustaka/kit/platform';
import type { EventHeaders } from '@pustaka/kit/bus';
import type { OrdersDb, OrdersTables } from '../orders.tables.ts';
import { completeKeys } from '../idempotency/idempotency.repository.ts';
import type { KeyAnswer } from '../idempotency/idempotency.repository.ts';
import { forgetOrdersOfBooks } from './book-orders-cache.ts';
import { insertNewOrders, insertOrder, insertOrderItems } from './orders.repository.ts';
import type { Order } from './order.ts';
import { assertReservationStillHeld, hasReservationExpired, orderPlacedPayload } from './priced-order.ts';
import type { PricedOrder } from './priced-order.ts';

/** What writing orders needs: the order writer is built from it before the orders context exists. */
export interface OrderStorage {
  db: Kysely<OrdersTables>;
  /** Already scoped to `orders`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  /** The orders' outbox: events recorded in the transaction of the change they announce. */
  events: Outbox;
}

/** The `Idempotency-Key` a placed order answers: it is completed with the order, in its transaction. */
export interface KeyToComplete {
  userId: string;
  key: string;
}

export interface OrderWriter {
  /**
   * Writes a priced order: its row, items, `order.placed` and, given one, the order as the answer
   * of its idempotency key, in one transaction, committed only while its reservation still holds.
   * Resolves once it is committed; rejects with the answer `writeOrderAlone` gives
   * (RESERVATION_EXPIRED, IDEMPOTENCY_KEY_RETRY, ...) when nothing of it was written.
   */
  write(placed: PricedOrder, completes?: KeyToComplete): Promise<WrittenOrder>;
}

export interface WrittenOrder {
  order: Order;
  /** Settles once the commit is announced: the outbox relay woken, the books' cached order lists forgotten. */
  announced: Promise<void>;
}

interface Waiting {
  placed: PricedOrder;
  completes: KeyToComplete | undefined;
  /** The placing request's id and trace: its `order.placed` carries them, whichever batch writes it. */
  headers: EventHeaders;
}

/**
 * Group commit for orders. While one batch is being written, the orders that arrive queue up and
 * go together in the next: one transaction inserts all their rows and items, records all their
 * `order.placed` and completes all their idempotency keys (a statement each), and checks every
 * reservation right before the commit; after it, one wake of the relay and one forget of the
 * batch's books. That turns a transaction per order into a few under load. A batch that cannot
 * be written this way (a reservation expired, an order id written before, a key no longer held,
 * any error) rolls back whole and each of its orders is written alone by `writeOrderAlone`,
 * which gives each its precise answer. Either way each order gets the answer it would get alone.
 *
 * @example
 *   const writer = createOrderWriter(ctx);
 *   const { order, announced } = await writer.write(priceOrder(orderId, userId, reservation, ctx.now()), { userId, key });
 */
export function createOrderWriter(ctx: OrderStorage, options: { maxBatch?: number } = {}): OrderWriter {
  const write = togetherOrAlone<Waiting, WrittenOrder>({
    maxSize: options.maxBatch ?? 100,
    // A retry racing its first attempt is written after the batch, where it gets its own answer.
    keyOf: (each) => each.placed.row.id,
    together: async (batch) => {
      await writeOrdersTogether(ctx, batch);
      const announced = announce(
        ctx,
        batch.map((each) => each.placed.order),
      );
      return new Map(batch.map((each) => [each, { order: each.placed.order, announced }]));
    },
    alone: async (each) => {
      await writeOrderAlone(ctx, each);
      return { order: each.placed.order, announced: announce(ctx, [each.placed.order]) };
    },
    logger: ctx.logger,
    what: 'order',
  });
  return { write: (placed, completes) => write({ placed, completes, headers: currentEventHeaders() }) };
}

/** One transaction for the whole batch; throws (rolled back, nothing written) when it cannot be served this way. */
async function writeOrdersTogether(ctx: OrderStorage, batch: Waiting[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const written = await insertNewOrders(
      trx,
      batch.map(({ placed }) => placed.row),
    );
    if (written < batch.length) throw new NotTogether('an order id was written before');
    await insertOrderItems(
      trx,
      batch.flatMap(({ placed }) => placed.items),
    );
    await ctx.events.recordAll(
      trx,
      batch.map(({ placed, headers }) => ({ type: 'order.placed', payload: orderPlacedPayload(placed.order), headers })),
    );
    const answers = batch.flatMap(answerOf);
    if ((await completeKeys(trx, answers)) < answers.length) throw new NotTogether("an order's idempotency key is no longer held");
    const now = ctx.now();
    if (batch.some(({ placed }) => hasReservationExpired(placed, now))) throw new NotTogether('a reservation expired');
  });
}

/** Writes one order in a transaction of its own; a failure (RESERVATION_EXPIRED, ...) is its precise answer. */
async function writeOrderAlone(ctx: OrderStorage, each: Waiting): Promise<void> {
  const { placed, headers } = each;
  await ctx.db.transaction().execute(async (trx) => {
    await insertOrder(trx, placed.row, placed.items);
    await ctx.events.record(trx, 'order.placed', orderPlacedPayload(placed.order), { headers });
    await assertKeysCompleted(trx, answerOf(each));
    assertReservationStillHeld(placed, ctx.now());
  });
}

/** The order as its key's answer: what `POST /api/orders` answered it with. */
function answerOf({ placed, completes }: Waiting): KeyAnswer[] {
  return completes ? [{ ...completes, statusCode: 201, response: placed.order }] : [];
}

/**
 * An order whose key was let go meanwhile is not written: a retry with that key would no longer
 * find it answered and place the order a second time.
 */
async function assertKeysCompleted(trx: OrdersDb, answers: KeyAnswer[]): Promise<void> {
  if ((await completeKeys(trx, answers)) === answers.length) return;
  throw new AppError('conflict', 'IDEMPOTENCY_KEY_RETRY', 'The Idempotency-Key of this request was let go before its order was written; retry', {
    retryAfterSeconds: 1,
  });
}

/** After a commit: the relay sends its events now rather than at its next poll, and no cached order list of its books outlives it. */
async function announce(ctx: OrderStorage, orders: Order[]): Promise<void> {
  ctx.events.notify();
  await forgetOrdersOfBooks(ctx.cache, [...new Set(orders.flatMap((order) => order.items.map((item) => item.bookId)))]);
}
