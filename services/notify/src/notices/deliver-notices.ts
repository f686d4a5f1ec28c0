import type { Transaction } from '@pustaka/kit/db';
import { emailOf } from '../email/email-message.ts';
import { insertEmails } from '../email/email-outbox.repository.ts';
import type { NewEmailRow } from '../email/email-outbox.repository.ts';
import { toNotificationView } from '../inbox/notification-view.ts';
import { insertNotifications } from '../inbox/notifications.repository.ts';
import type { NotificationView } from '../live/live-delivery.ts';
import { findEmails } from '../members/members.repository.ts';
import type { NotifyContext } from '../notify-context.ts';
import type { NotifyTables } from '../notify.tables.ts';
import { channelsOf } from '../preferences/preferences.service.ts';
import type { Notice } from './notice.ts';

/** A notification written for a member, to send live once its transaction commits. */
export interface Written {
  memberId: string;
  view: NotificationView;
}

/**
 * Writes an event's notices where each member wants them, in the consumer's transaction: an
 * inbox row when in-app is on, an email outbox row when email is on and notify knows the address.
 */
export async function deliverNotices(
  ctx: NotifyContext,
  trx: Transaction<NotifyTables>,
  sourceEventId: string,
  notices: readonly Notice[],
): Promise<Written[]> {
  if (notices.length === 0) return [];
  const now = ctx.now();
  const inApp: Notice[] = [];
  const byEmail: Notice[] = [];
  for (const kind of new Set(notices.map((notice) => notice.kind))) {
    const ofKind = notices.filter((notice) => notice.kind === kind);
    const channels = await channelsOf(trx, [...new Set(ofKind.map((notice) => notice.memberId))], kind);
    for (const notice of ofKind) {
      const chosen = channels.get(notice.memberId)!;
      if (chosen.inApp) inApp.push(notice);
      if (chosen.email) byEmail.push(notice);
    }
  }
  const rows = await insertNotifications(
    trx,
    inApp.map((notice) => ({
      member_id: notice.memberId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: notice.link,
      data: notice.data,
      created_at: now,
    })),
  );
  const idOf = new Map(rows.map((row, at) => [inApp[at]!, row.id]));
  const addresses = await findEmails(trx, [...new Set(byEmail.map((notice) => notice.memberId))]);
  const emails: NewEmailRow[] = byEmail.flatMap((notice) => {
    const to = addresses.get(notice.memberId);
    if (!to) return [];
    return [
      {
        source_event_id: sourceEventId,
        member_id: notice.memberId,
        kind: notice.kind,
        notification_id: idOf.get(notice) ?? null,
        to_address: to,
        ...emailOf(notice, ctx.publicBaseUrl),
        next_attempt_at: now,
        created_at: now,
      },
    ];
  });
  await insertEmails(trx, emails);
  return rows.map((row) => ({ memberId: row.member_id, view: toNotificationView(row) }));
}
