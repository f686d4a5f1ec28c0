import { createHash } from 'node:crypto';
import type { Caller } from '@pustaka/kit/auth';
import { AppError, isAppError, kindOfStatus } from '@pustaka/kit/errors';
import type { OrderLineRequest, OrdersContext } from '../orders-context.ts';
import { placeOrder } from '../orders/place-order.service.ts';
import type { Order } from '../orders/order.ts';
import { claimKey, completeKey, findKey, releaseKey, takeOverAbandonedKey } from './idempotency.repository.ts';

/** The order the first request placed; `replayed` when this request is a retry of it. */
export interface PlacedOrder {
  order: Order;
  replayed: boolean;
}

/** A refusal as stored, so every retry is refused the same way. */
interface StoredRefusal {
  code: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

const WAIT_FOR_FIRST_MS = 5_000;
const POLL_MS = 50;
/** A first request still unanswered after this has died (crash, timeout) and may be taken over. */
const ABANDONED_AFTER_MS = 60_000;

/**
 * `POST /api/orders` with an `Idempotency-Key`: the first request claims the key and places the
 * order with an id fixed at claim time; retries with the same body get the first response (or wait
 * briefly for it), and the same key with another body is refused (422). Because the order id is
 * fixed, even a retry that takes over an abandoned key reserves stock under the same id, which the
 * catalog treats idempotently: never two orders, never stock taken twice.
 */
export async function placeOrderOnce(ctx: OrdersContext, caller: Caller, items: OrderLineRequest[], key: string): Promise<PlacedOrder> {
  const requestHash = hashRequest(items);
  const claim = { user_id: caller.id, key, request_hash: requestHash, order_id: ctx.newId(), status_code: null, response: null, created_at: ctx.now() };
  let orderId = claim.order_id;
  if (!(await claimKey(ctx.db, claim))) {
    const replay = await awaitFirstResponse(ctx, caller.id, key, requestHash);
    if (replay.kind === 'answered') return { order: replayAnswer(replay.statusCode, replay.body), replayed: true };
    orderId = replay.orderId; // the first request died: carry on in its place, under its order id
  }
  try {
    const order = await placeOrder(ctx, caller, items, orderId, (trx, placed) => completeKey(trx, caller.id, key, 201, placed));
    return { order, replayed: false };
  } catch (error) {
    // A refusal (out of stock, unknown book) is the answer to this request: retries replay it.
    // A failure (catalog down) is not: the key is freed so a retry can try again.
    if (isAppError(error) && error.kind !== 'unavailable') {
      const refusal: StoredRefusal = { code: error.code, detail: error.message, ...(error.extensions ? { extensions: error.extensions } : {}) };
      await completeKey(ctx.db, caller.id, key, error.status, refusal);
    } else {
      await releaseKey(ctx.db, caller.id, key);
    }
    throw error;
  }
}

function replayAnswer(statusCode: number, body: unknown): Order {
  if (statusCode < 400) return body as Order;
  const refusal = body as StoredRefusal;
  throw new AppError(kindOfStatus(statusCode), refusal.code, refusal.detail, refusal.extensions ? { extensions: refusal.extensions } : {});
}

type FirstResponse = { kind: 'answered'; statusCode: number; body: unknown } | { kind: 'abandoned'; orderId: string };

async function awaitFirstResponse(ctx: OrdersContext, userId: string, key: string, requestHash: string): Promise<FirstResponse> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const existing = await findKey(ctx.db, userId, key);
    if (!existing) throw new AppError('conflict', 'IDEMPOTENCY_KEY_RETRY', 'The first request with this key failed; retry', { retryAfterSeconds: 1 });
    if (existing.request_hash !== requestHash) {
      throw new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    }
    if (existing.status_code !== null) return { kind: 'answered', statusCode: existing.status_code, body: existing.response };
    const takenOver = await takeOverAbandonedKey(ctx.db, userId, key, new Date(ctx.now().getTime() - ABANDONED_AFTER_MS), ctx.now());
    if (takenOver) return { kind: 'abandoned', orderId: existing.order_id };
    if (Date.now() > deadline) {
      throw new AppError('conflict', 'IDEMPOTENCY_KEY_IN_USE', 'A request with this key is still being served', { retryAfterSeconds: 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The same items in any order and split are the same request. */
function hashRequest(items: OrderLineRequest[]): string {
  const merged = new Map<string, number>();
  for (const { bookId, quantity } of items) merged.set(bookId, (merged.get(bookId) ?? 0) + quantity);
  return createHash('sha256').update(JSON.stringify([...merged].sort())).digest('hex');
}
