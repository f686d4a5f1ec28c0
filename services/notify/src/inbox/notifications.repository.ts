import { sql } from '@pustaka/kit/db';
import type { Insertable, Selectable } from '@pustaka/kit/db';
import type { NotificationTable, NotifyDb } from '../notify.tables.ts';

export type NotificationRow = Selectable<NotificationTable>;
export type NewNotificationRow = Omit<Insertable<NotificationTable>, 'id' | 'read_at'>;

// Ids are int8: a string on pg, a number on PGlite; as text they are the same on both.
const columns = [sql<string>`id::text`.as('id'), 'member_id', 'kind', 'title', 'body', 'link', 'data', 'created_at', 'read_at'] as const;

/** The one writer of notifications at a time, to its commit: ids then increase in commit order. */
const WRITE_LOCK = sql`select pg_advisory_xact_lock(hashtext('notify.notifications'))`;

/**
 * Writes notifications in the caller's transaction, in the order given, and returns them with
 * their ids. It takes the write lock first, so no notification with a lower id commits after this
 * transaction: a client that resumes after the last id it saw misses nothing.
 */
export async function insertNotifications(trx: NotifyDb, rows: readonly NewNotificationRow[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  await WRITE_LOCK.execute(trx);
  const inserted = await trx
    .insertInto('notifications')
    .values(rows.map((row) => ({ ...row, data: sql`${JSON.stringify(row.data)}::jsonb` })))
    .returning(columns)
    .execute();
  // RETURNING keeps no promised order: the ids were drawn in the order given.
  return inserted.sort((a, b) => compareIds(a.id, b.id));
}

/** A member's notifications newest first, those before `beforeId` when given, at most `limit`. */
export async function findNotificationsOf(db: NotifyDb, memberId: string, page: { beforeId?: string; limit: number }): Promise<NotificationRow[]> {
  let query = db.selectFrom('notifications').select(columns).where('member_id', '=', memberId);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  return query.orderBy('notifications.id', 'desc').limit(page.limit).execute();
}

/** A member's notifications after `afterId`, oldest first, at most `limit`. */
export async function findNotificationsAfter(db: NotifyDb, memberId: string, afterId: string, limit: number): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .select(columns)
    .where('member_id', '=', memberId)
    .where('id', '>', afterId)
    .orderBy('notifications.id')
    .limit(limit)
    .execute();
}

export async function countUnread(db: NotifyDb, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('unread'))
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.unread;
}

/**
 * Marks one of the member's notifications read (the first read stays) and returns it; undefined
 * when the member has no notification of that id.
 */
export async function markNotificationRead(db: NotifyDb, memberId: string, id: string, now: Date): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .returning(columns)
    .executeTakeFirst();
}

/** Marks every unread notification of the member read; how many there were. */
export async function markAllNotificationsRead(db: NotifyDb, memberId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: now }).where('member_id', '=', memberId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
