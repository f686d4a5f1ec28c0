import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { claimDueEmails } from '../src/email/email-outbox.repository.ts';
import { EmailNotAccepted } from '../src/email/notification-sender.ts';
import type { NotificationSender, OutgoingEmail } from '../src/email/notification-sender.ts';
import { sendDueEmails } from '../src/email/send-due-emails.service.ts';
import { smtpSender } from '../src/email/smtp-sender.ts';
import type { NotifyContext } from '../src/notify-context.ts';
import { startNotify } from './support.ts';
import type { NotifyUnderTest } from './support.ts';
import { orderPlaced, userRegistered } from './shop-events.ts';
import { startTestSmtpServer } from './smtp-test-server.ts';
import type { TestSmtpServer } from './smtp-test-server.ts';

/** A sender that records what it is handed and fails as the test says. */
function recordingSender() {
  const sent: OutgoingEmail[] = [];
  let fail: (() => Error) | undefined;
  const sender: NotificationSender & { sent: OutgoingEmail[]; failWith(make: (() => Error) | undefined): void } = {
    name: 'test',
    sent,
    failWith: (make) => {
      fail = make;
    },
    send: async (email) => {
      if (fail) throw fail();
      sent.push(email);
    },
  };
  return sender;
}

const sender = recordingSender();
const startWithSender = (storage: TestStorage) => startNotify(storage, { NOTIFY_EMAIL_MAX_ATTEMPTS: 2 }, { sender });

const statusOf = async (ctx: NotifyContext, memberId: string) =>
  ctx.db.selectFrom('email_outbox').select(['status', 'attempts', 'sent_via', 'last_error']).where('member_id', '=', memberId).executeTakeFirstOrThrow();

async function memberWithEmail(sut: NotifyUnderTest, address?: string) {
  const member = await sut.member();
  await sut.deliver(userRegistered(member.id, address));
  await sut.deliver(orderPlaced(member.id));
  return member;
}

describeService('notify: the email outbox', startWithSender, (sut) => {
  beforeEach(async () => {
    sender.failWith(undefined);
    // What earlier tests left due is sent first, so each test sees its own emails.
    await sendDueEmails(sut.ctx);
    sender.sent.length = 0;
  });

  it('sends each email once, however often the job runs', async () => {
    const member = await memberWithEmail(sut, 'once@example.test');
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.sent).toEqual([
      { id: expect.any(String), to: 'once@example.test', subject: 'Order placed', text: expect.stringContaining('We have your order') },
    ]);
    expect(await statusOf(sut.ctx, member.id)).toMatchObject({ status: 'sent', attempts: 1, sent_via: 'test' });
  });

  it('tries again later only what the server turned away for now', async () => {
    const later = await memberWithEmail(sut);
    sender.failWith(() => new EmailNotAccepted('452 try later', { retry: true }));
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await statusOf(sut.ctx, later.id)).toMatchObject({ status: 'pending', attempts: 1, last_error: '452 try later' });
    // Not due again yet.
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });

    const refused = await memberWithEmail(sut);
    sender.failWith(() => new EmailNotAccepted('550 no such mailbox', { retry: false }));
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await statusOf(sut.ctx, refused.id)).toMatchObject({ status: 'failed' });

    const unknown = await memberWithEmail(sut);
    sender.failWith(() => new Error('connection lost while the message was sent'));
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await statusOf(sut.ctx, unknown.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('gives up after the attempts allowed', async () => {
    const member = await memberWithEmail(sut);
    sender.failWith(() => new EmailNotAccepted('452 try later', { retry: true }));
    await sendDueEmails(sut.ctx);
    await sut.ctx.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: new Date(0) })
      .where('member_id', '=', member.id)
      .execute();
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await statusOf(sut.ctx, member.id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('never sends an email claimed by a run that did not finish', async () => {
    const member = await memberWithEmail(sut);
    // A replica claimed it and crashed before it could say whether it went.
    await sut.ctx.db.transaction().execute((trx) => claimDueEmails(trx, new Date(), 100));
    expect(await sendDueEmails(sut.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.sent).toEqual([]);
    expect(await statusOf(sut.ctx, member.id)).toMatchObject({ status: 'sending' });
  });

  it('sends each of many emails exactly once when runs overlap', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => sut.member()));
    await sut.deliver(...members.map((member) => userRegistered(member.id)));
    await sut.deliver(...members.map((member) => orderPlaced(member.id)));
    const ctx = { ...sut.ctx, settings: { ...sut.ctx.settings, NOTIFY_EMAIL_BATCH: 5 } };
    // Four runs at once, then as many as it takes for the rest (at most three: 12 in batches of 5).
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => sendDueEmails(ctx)));
    for (let run = 0; run < 3; run += 1) outcomes.push(await sendDueEmails(ctx));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.sent, 0)).toBe(12);
    expect(sender.sent).toHaveLength(12);
    expect(new Set(sender.sent.map((email) => email.id)).size).toBe(12);
  });
});

describeService('notify: emails over SMTP', startNotify, (sut) => {
  let server: TestSmtpServer;
  let ctx: NotifyContext;
  beforeAll(async () => {
    server = await startTestSmtpServer();
    ctx = { ...sut.ctx, sender: smtpSender(server.url, 'Pustaka <shop@pustaka.test>') };
  });
  afterAll(async () => {
    await ctx.sender.close?.();
    await server.close();
  });

  it('hands the email to the mail server, once', async () => {
    const member = await memberWithEmail(sut, 'sari@example.test');
    await sendDueEmails(ctx);
    await sendDueEmails(ctx);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.to).toEqual(['sari@example.test']);
    expect(server.received[0]!.message).toContain('Subject: Order placed');
    expect(server.received[0]!.message).toContain('From: Pustaka <shop@pustaka.test>');
    expect(await statusOf(ctx, member.id)).toMatchObject({ status: 'sent', sent_via: 'smtp' });
  });

  it('keeps for later an email the server turns away for now, and gives up one it refuses', async () => {
    const later = await memberWithEmail(sut);
    server.rejectWith = 452;
    await sendDueEmails(ctx);
    expect(await statusOf(ctx, later.id)).toMatchObject({ status: 'pending', attempts: 1 });

    const refused = await memberWithEmail(sut);
    server.rejectWith = 550;
    await sendDueEmails(ctx);
    expect(await statusOf(ctx, refused.id)).toMatchObject({ status: 'failed' });
    server.rejectWith = undefined;
  });
});
