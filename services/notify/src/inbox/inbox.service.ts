import type { Caller } from '@pustaka/kit/auth';
import { notFound } from '@pustaka/kit/errors';
import type { NotificationView } from '../live/live-delivery.ts';
import type { NotifyContext } from '../notify-context.ts';
import { toNotificationView } from './notification-view.ts';
import { countUnread, findNotificationsOf, markAllNotificationsRead, markNotificationRead } from './notifications.repository.ts';
import type { NotificationListQuery, NotificationPage } from './notifications.schema.ts';

/** The caller's notifications newest first, a page at a time (keyset on the id), and how many are unread. */
export async function listNotifications(ctx: NotifyContext, caller: Caller, query: NotificationListQuery): Promise<NotificationPage> {
  const limit = query.limit ?? 20;
  // One more than asked tells whether an older page exists.
  const [rows, unreadCount] = await Promise.all([
    findNotificationsOf(ctx.db, caller.id, { ...(query.before === undefined ? {} : { beforeId: query.before }), limit: limit + 1 }),
    countUnread(ctx.db, caller.id),
  ]);
  const items = rows.slice(0, limit).map(toNotificationView);
  return { items, nextBefore: rows.length > limit ? items[items.length - 1]!.id : null, unreadCount };
}

/** Marks one of the caller's notifications read; reading it again changes nothing. Another member's is not found. */
export async function readNotification(ctx: NotifyContext, caller: Caller, id: string): Promise<NotificationView> {
  const row = await markNotificationRead(ctx.db, caller.id, id, ctx.now());
  if (!row) throw notFound('The notification', 'NOTIFICATION_NOT_FOUND');
  return toNotificationView(row);
}

/** Marks every unread notification of the caller read. */
export async function readAllNotifications(ctx: NotifyContext, caller: Caller): Promise<{ marked: number; unreadCount: number }> {
  const marked = await markAllNotificationsRead(ctx.db, caller.id, ctx.now());
  return { marked, unreadCount: await countUnread(ctx.db, caller.id) };
}
