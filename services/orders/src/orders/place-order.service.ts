import { createHash } from 'node:crypto';
import type { Caller } from '@pustaka/kit/auth';
import type { OrderLineRequest, OrdersContext } from '../orders-context.ts';
import { claimRequest, replayAnswer, settleFailedRequest } from '../idempotency/idempotency.service.ts';
import type { Order } from './order.ts';
import { priceOrder } from './priced-order.ts';
import type { KeyToComplete, WrittenOrder } from './order-writer.ts';
import { countRefusedOrder, orderMetrics } from './order-metrics.ts';

export interface PlaceOrderOptions {
  /** The client's `Idempotency-Key`: its retries get this request's answer instead of a second order. */
  idempotencyKey?: string;
}

/** The order placed; `replayed` when the request was a retry and this is the first request's order. */
export interface PlacedOrder {
  order: Order;
  replayed: boolean;
}

/**
 * `POST /api/orders`. Without a key the order is placed under a new id. With one, the first
 * request claims the key and fixes the order id; the order is written together with the key's
 * answer, so a retry gets that order (or waits briefly for it), never a second one, and the same
 * key with other items is refused (422). A refusal (OUT_OF_STOCK, ...) is stored as the key's
 * answer too; a failure (the catalog down) frees the key for a retry. Because the order id is
 * fixed, even a retry that takes over an abandoned key reserves stock under the same id, which
 * the catalog treats idempotently: never two orders, never stock taken twice.
 *
 * @example
 *   const { order, replayed } = await placeOrder(ctx, caller, [{ bookId, quantity: 1 }], { idempotencyKey: 'checkout-7' });
 */
export async function placeOrder(ctx: OrdersContext, caller: Caller, items: OrderLineRequest[], options: PlaceOrderOptions = {}): Promise<PlacedOrder> {
  const key = options.idempotencyKey;
  if (key === undefined) return { order: await placeOrderWithId(ctx, caller, items, ctx.newId()), replayed: false };
  const claim = await claimRequest(ctx, { userId: caller.id, key, requestHash: hashOrderRequest(items), orderId: ctx.newId() });
  if (claim.kind === 'answered') return { order: replayAnswer<Order>(claim.statusCode, claim.body), replayed: true };
  try {
    return { order: await placeOrderWithId(ctx, caller, items, claim.orderId, { userId: caller.id, key }), replayed: false };
  } catch (error) {
    await settleFailedRequest(ctx, caller.id, key, error);
    throw error;
  }
}

/**
 * Places an order under an id fixed beforehand: the catalog reserves every line (or refuses,
 * OUT_OF_STOCK) and prices it; then the order, its items, `order.placed` and the answer of its key
 * (if it has one) are written in one transaction, which orders placed at the same moment may share
 * (see `createOrderWriter`). If that write fails the reservation is released at once (and, should
 * even that fail, it expires on its own), so nothing is left half-done. An order is never written
 * after its reservation expired: past that point the catalog's expiry job may give the stock to
 * someone else. Counted in `pustaka_orders_placed_total` or `pustaka_orders_refused_total{reason}`
 * (a retry answered from its key is not counted again).
 */
export async function placeOrderWithId(
  ctx: OrdersContext,
  caller: Caller,
  items: OrderLineRequest[],
  orderId: string,
  completes?: KeyToComplete,
): Promise<Order> {
  try {
    const order = await reserveAndWrite(ctx, caller, items, orderId, completes);
    orderMetrics.placed().inc();
    return order;
  } catch (error) {
    countRefusedOrder(error);
    throw error;
  }
}

async function reserveAndWrite(ctx: OrdersContext, caller: Caller, items: OrderLineRequest[], orderId: string, completes?: KeyToComplete): Promise<Order> {
  const reservation = await ctx.inventory.reserve({ orderId, items, ttlSeconds: ctx.settings.reservationTtlSeconds });
  let written: WrittenOrder;
  try {
    written = await ctx.orderWriter.write(priceOrder(orderId, caller.id, reservation, ctx.now()), completes);
  } catch (error) {
    await ctx.inventory
      .release(orderId)
      .catch((releaseError: unknown) =>
        ctx.logger.warn({ err: releaseError, orderId }, 'release after a failed order write failed; the reservation will expire'),
      );
    throw error;
  }
  // A failure from here on comes after the commit: the order stands, so its stock is not released.
  await written.announced;
  return written.order;
}

/** The same items in any order and split are the same request. */
function hashOrderRequest(items: OrderLineRequest[]): string {
  const merged = new Map<string, number>();
  for (const { bookId, quantity } of items) merged.set(bookId, (merged.get(bookId) ?? 0) + quantity);
  return createHash('sha256')
    .update(JSON.stringify([...merged].sort()))
    .digest('hex');
}
