import type { NotificationKind, NotificationView } from '../live/live-delivery.ts';
import type { NotificationRow } from './notifications.repository.ts';

/** A row as the inbox route and the socket show it. */
export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    link: row.link,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
