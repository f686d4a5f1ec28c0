import { sql } from '@pustaka/kit/db';
import type { Insertable } from '@pustaka/kit/db';
import type { EmailOutboxTable, NotifyDb } from '../notify.tables.ts';

export type NewEmailRow = Omit<Insertable<EmailOutboxTable>, 'id' | 'status' | 'attempts' | 'last_error' | 'sent_at' | 'sent_via'>;

export interface DueEmail {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
}

/** Emails to send, in the caller's transaction; one per event, member and kind, however often the event comes. */
export async function insertEmails(db: NotifyDb, rows: readonly NewEmailRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('email_outbox')
    .values([...rows])
    .onConflict((conflict) => conflict.constraint('email_outbox_once').doNothing())
    .execute();
}

/**
 * Claims up to `limit` due emails for sending: marks them `sending` (the caller commits that before
 * it sends), skipping rows another replica is claiming, oldest first.
 */
export async function claimDueEmails(db: NotifyDb, now: Date, limit: number): Promise<DueEmail[]> {
  const due = db
    .selectFrom('email_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db
    .updateTable('email_outbox')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returning([sql<string>`id::text`.as('id'), 'to_address', 'subject', 'body', 'attempts'])
    .execute();
  return rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
}

export async function markEmailSent(db: NotifyDb, id: string, via: string, now: Date): Promise<void> {
  await db.updateTable('email_outbox').set({ status: 'sent', sent_at: now, sent_via: via }).where('id', '=', id).execute();
}

/** Back to `pending` after the server turned it away for now, due again at `retryAt`. */
export async function markEmailRetry(db: NotifyDb, id: string, error: string, retryAt: Date): Promise<void> {
  await db.updateTable('email_outbox').set({ status: 'pending', last_error: error, next_attempt_at: retryAt }).where('id', '=', id).execute();
}

/** Given up on: turned away for good, or it is unknown whether it went (never sent twice). */
export async function markEmailFailed(db: NotifyDb, id: string, error: string): Promise<void> {
  await db.updateTable('email_outbox').set({ status: 'failed', last_error: error }).where('id', '=', id).execute();
}
