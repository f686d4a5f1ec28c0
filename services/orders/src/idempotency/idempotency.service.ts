import { AppError, isAppError, kindOfStatus } from '@pustaka/kit/errors';
import type { OrdersDb } from '../orders.tables.ts';
import { claimKey, completeKeys, findKey, releaseKey, takeOverAbandonedKey } from './idempotency.repository.ts';

/** What keeping idempotency keys needs: storage and the clock. */
export interface KeyStorage {
  db: OrdersDb;
  now: () => Date;
}

/** A request with an `Idempotency-Key`: its caller, the key, a hash of what it asks and the order id it would place. */
export interface KeyedRequest {
  userId: string;
  key: string;
  requestHash: string;
  orderId: string;
}

/**
 * What a request with a key is to do: serve it under `orderId` (the first request, or a retry
 * taking over one that died, under that one's order id), or give the answer the first got.
 */
export type KeyClaim = { kind: 'serve'; orderId: string } | { kind: 'answered'; statusCode: number; body: unknown };

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
 * Claims a key for its first request; a retry waits briefly for the first one's answer, and the
 * same key with another request is refused (422). The order id is fixed at claim time, so even a
 * retry that takes over an abandoned key serves the request under the same id.
 */
export async function claimRequest(ctx: KeyStorage, request: KeyedRequest): Promise<KeyClaim> {
  const claim = {
    user_id: request.userId,
    key: request.key,
    request_hash: request.requestHash,
    order_id: request.orderId,
    status_code: null,
    response: null,
    created_at: ctx.now(),
  };
  if (await claimKey(ctx.db, claim)) return { kind: 'serve', orderId: request.orderId };
  return awaitFirstAnswer(ctx, request);
}

/** The first request's answer, again: its body, or its refusal thrown as it was. */
export function replayAnswer<T>(statusCode: number, body: unknown): T {
  if (statusCode < 400) return body as T;
  const refusal = body as StoredRefusal;
  throw new AppError(kindOfStatus(statusCode), refusal.code, refusal.detail, refusal.extensions ? { extensions: refusal.extensions } : {});
}

/**
 * After a keyed request threw. A refusal (out of stock, unknown book) is its answer: retries
 * replay it. A failure (catalog down) is not: the key is freed so a retry can try again.
 */
export async function settleFailedRequest(ctx: KeyStorage, userId: string, key: string, error: unknown): Promise<void> {
  if (isAppError(error) && error.kind !== 'unavailable') {
    const refusal: StoredRefusal = { code: error.code, detail: error.message, ...(error.extensions ? { extensions: error.extensions } : {}) };
    await completeKeys(ctx.db, [{ userId, key, statusCode: error.status, response: refusal }]);
  } else {
    await releaseKey(ctx.db, userId, key);
  }
}

async function awaitFirstAnswer(ctx: KeyStorage, { userId, key, requestHash }: KeyedRequest): Promise<KeyClaim> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const existing = await findKey(ctx.db, userId, key);
    if (!existing) throw new AppError('conflict', 'IDEMPOTENCY_KEY_RETRY', 'The first request with this key failed; retry', { retryAfterSeconds: 1 });
    if (existing.request_hash !== requestHash) {
      throw new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    }
    if (existing.status_code !== null) return { kind: 'answered', statusCode: existing.status_code, body: existing.response };
    const takenOver = await takeOverAbandonedKey(ctx.db, userId, key, new Date(ctx.now().getTime() - ABANDONED_AFTER_MS), ctx.now());
    if (takenOver) return { kind: 'serve', orderId: existing.order_id }; // the first request died: carry on in its place
    if (Date.now() > deadline) {
      throw new AppError('conflict', 'IDEMPOTENCY_KEY_IN_USE', 'A request with this key is still being served', { retryAfterSeconds: 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
