import type { Logger } from '@pustaka/kit/log';
import type { NotificationSender } from './notification-sender.ts';

/**
 * The sender without NOTIFY_SMTP_URL (a laptop, tests): the email stays in the email outbox and a
 * line says so, naming the row, never the address or the text.
 */
export function logOnlySender(logger: Logger): NotificationSender {
  return {
    name: 'log',
    send: async (email) => {
      logger.info({ emailId: email.id, subject: email.subject }, 'email kept in the outbox (no NOTIFY_SMTP_URL set)');
    },
  };
}
