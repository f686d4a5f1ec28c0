import type { NotifyContext } from '../notify-context.ts';
import { claimDueEmails, markEmailFailed, markEmailRetry, markEmailSent } from './email-outbox.repository.ts';
import { EmailNotAccepted } from './notification-sender.ts';

const RETRY_AFTER_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

export interface SendOutcome {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends the emails that are due, at most a batch: each is claimed (`sending`, committed) before it
 * is handed to the sender, so a replica that crashes mid-send leaves it claimed and no replica
 * sends it again. Only an email the server certainly turned away for now is tried again later.
 */
export async function sendDueEmails(ctx: NotifyContext, signal?: AbortSignal): Promise<SendOutcome> {
  const { db, sender, settings } = ctx;
  const claimed = await db.transaction().execute((trx) => claimDueEmails(trx, ctx.now(), settings.NOTIFY_EMAIL_BATCH));
  const outcome: SendOutcome = { sent: 0, retried: 0, failed: 0 };
  for (const email of claimed) {
    if (signal?.aborted) {
      // Not handed to the sender yet: due again at once.
      await markEmailRetry(db, email.id, 'the run ended before it was sent', ctx.now());
      continue;
    }
    try {
      await sender.send({ id: email.id, to: email.to_address, subject: email.subject, text: email.body });
      await markEmailSent(db, email.id, sender.name, ctx.now());
      outcome.sent += 1;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (error instanceof EmailNotAccepted && error.retry && email.attempts < settings.NOTIFY_EMAIL_MAX_ATTEMPTS) {
        const waitMs = RETRY_AFTER_MS[Math.min(email.attempts, RETRY_AFTER_MS.length) - 1]!;
        await markEmailRetry(db, email.id, message, new Date(ctx.now().getTime() + waitMs));
        outcome.retried += 1;
      } else {
        await markEmailFailed(db, email.id, message);
        outcome.failed += 1;
        ctx.logger.warn({ emailId: email.id, err: error }, 'email given up');
      }
    }
  }
  return outcome;
}
