import type { InboxReader } from '../live/live-delivery.ts';
import type { NotifyContext } from '../notify-context.ts';
import { toNotificationView } from './notification-view.ts';
import { findNotificationsAfter } from './notifications.repository.ts';

/** At most this many missed notifications are read back at once; the client asks again after the last. */
export const MAX_MISSED = 500;

/**
 * What the live side reads when a client reconnects with the last id it saw: the member's
 * notifications after it, oldest first. An id that is not a notification id reads from the start.
 *
 * @example
 *   const missed = await inboxReader(ctx).missedSince(memberId, lastSeenId, 100);
 */
export function inboxReader(ctx: Pick<NotifyContext, 'db'>): InboxReader {
  return {
    missedSince: async (memberId, afterId, limit) => {
      const after = /^[0-9]{1,18}$/.test(afterId) ? afterId : '0';
      const rows = await findNotificationsAfter(ctx.db, memberId, after, Math.max(1, Math.min(limit, MAX_MISSED)));
      return rows.map(toNotificationView);
    },
  };
}
