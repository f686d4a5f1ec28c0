import type { Selectable } from '@pustaka/kit/db';
import type { IdempotencyKeyTable, OrdersDb } from '../orders.tables.ts';

export type IdempotencyRow = Selectable<IdempotencyKeyTable>;

/** Claims a key for this request; `false` when another request already holds it. */
export async function claimKey(db: OrdersDb, row: IdempotencyRow): Promise<boolean> {
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({ ...row, response: row.response === null ? null : JSON.stringify(row.response) })
    .onConflict((conflict) => conflict.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function findKey(db: OrdersDb, userId: string, key: string): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

export async function completeKey(db: OrdersDb, userId: string, key: string, statusCode: number, response: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response: JSON.stringify(response) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

/** Frees a key whose request failed before anything happened, so a retry can run it again. */
export async function releaseKey(db: OrdersDb, userId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('status_code', 'is', null).execute();
}

/**
 * Takes over a key whose first request never answered (it crashed or timed out before `since`):
 * bumps its claim time so exactly one retry wins the take-over.
 */
export async function takeOverAbandonedKey(db: OrdersDb, userId: string, key: string, since: Date, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .where('created_at', '<', since)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}
