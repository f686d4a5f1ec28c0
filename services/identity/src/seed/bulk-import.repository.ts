import { unnestRows } from '@pustaka/kit/db';
import type { Executor, UserRow } from '../identity.tables.ts';

/* A bulk import's statements: thousands of rows each, one array parameter per column (`unnestRows`). */

export async function insertUserRows(db: Executor, rows: UserRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('users')
    .columns(['id', 'email', 'name', 'password_hash', 'role', 'disabled', 'created_at', 'updated_at'])
    .expression(
      unnestRows(rows, {
        id: 'uuid',
        email: 'text',
        name: 'text',
        password_hash: 'text',
        role: 'text',
        disabled: 'boolean',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      }),
    )
    .execute();
}

export async function countMemberRows(db: Executor): Promise<number> {
  const { count } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'member')
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Deletes every member (their refresh tokens go with them); staff and admins stay. */
export async function deleteMemberRows(db: Executor): Promise<void> {
  await db.deleteFrom('users').where('role', '=', 'member').execute();
}
