import type { Role } from '@pustaka/kit/auth';
import type { Executor, UserRow } from '../identity.tables.ts';

export type UserChanges = Partial<Pick<UserRow, 'name' | 'role' | 'disabled'>>;

export interface UserFilter {
  role?: Role | undefined;
  /** Lower case; matched anywhere in the (lower-case) stored email. */
  emailContains?: string | undefined;
}

export async function insertUser(db: Executor, user: UserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the row until the transaction ends (not its key: sign-ins may still reference it). */
export async function findUserByIdForUpdate(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function updateUser(db: Executor, id: string, changes: UserChanges, now: Date): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Ids of the enabled admins, locked in id order. Admin changes take these locks first, so two
 * admins demoting each other at once run one after the other and cannot leave the shop without one.
 */
export async function lockEnabledAdmins(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', false).orderBy('id').forNoKeyUpdate().execute();
  return rows.map((row) => row.id);
}

export async function anyAdminExists(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** One page, newest first, with the total across all pages. */
export async function listUsers(db: Executor, filter: UserFilter, page: { offset: number; limit: number }) {
  let query = db.selectFrom('users');
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.emailContains) {
    // strpos, not LIKE: the filter's own % and _ stay literal without escaping.
    query = query.where((eb) => eb(eb.fn<number>('strpos', ['email', eb.val(filter.emailContains)]), '>', 0));
  }
  const [rows, counted] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.total) };
}
