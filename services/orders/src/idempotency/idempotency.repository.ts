import { sql } from '@pustaka/kit/db';
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

/** The answer a key's request got: every retry with the key is given it. */
export interface KeyAnswer {
  userId: string;
  key: string;
  statusCode: number;
  response: unknown;
}

/**
 * Stores the answers of many keys in one statement, each only while its request is still being
 * served (not yet answered, not freed); how many it stored.
 */
export async function completeKeys(db: OrdersDb, answers: KeyAnswer[]): Promise<number> {
  if (answers.length === 0) return 0;
  const rows = answers.map(
    (answer) => sql`(${answer.userId}::uuid, ${answer.key}::text, ${answer.statusCode}::integer, ${JSON.stringify(answer.response)}::jsonb)`,
  );
  const answered = sql<{ user_id: string; key: string; status_code: number; response: unknown }>`(values ${sql.join(rows)})`.as<'answer'>(
    sql`answer (user_id, key, status_code, response)`,
  );
  const completed = await db
    .updateTable('idempotency_keys')
    .from(answered)
    .set((eb) => ({ status_code: eb.ref('answer.status_code'), response: eb.ref('answer.response') }))
    .whereRef('idempotency_keys.user_id', '=', 'answer.user_id')
    .whereRef('idempotency_keys.key', '=', 'answer.key')
    .where('idempotency_keys.status_code', 'is', null)
    .executeTakeFirst();
  return Number(completed.numUpdatedRows);
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
