import { migrateToLatest } from '@pustaka/kit/db';
import { scheduleJob } from '@pustaka/kit/jobs';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { NotifySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createNotifyContext } from './notify-context.ts';
import type { NotifySeams } from './notify-context.ts';
import { sendDueEmails } from './email/send-due-emails.service.ts';
import { smtpSender } from './email/smtp-sender.ts';
import { registerInboxRoutes } from './inbox/inbox.routes.ts';
import { noticesConsumer } from './notices/notices.consumer.ts';
import { registerPreferenceRoutes } from './preferences/preferences.routes.ts';

export type { NotifySettings } from '../config.ts';
export type { NotifyContext, NotifySeams } from './notify-context.ts';
export { inboxReader } from './inbox/inbox-reader.ts';
export { noLiveDelivery } from './inbox/no-live-delivery.ts';
export type { NotificationSender, OutgoingEmail } from './email/notification-sender.ts';

/**
 * Notify: brings its schema up to date, turns the events a member should hear about into
 * notifications (`notify.notices`), mounts the inbox and preferences under `/api/notifications`,
 * and sends the email outbox on a schedule (over SMTP when NOTIFY_SMTP_URL is set, else logged).
 * `seams.live` sends committed notifications to open sockets; without it, nothing is sent live.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [notifyService(notifySettings())] });
 */
export function notifyService(settings: NotifySettings, seams: NotifySeams = {}): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'notify', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'notify migrations applied');
    const sender = seams.sender ?? (settings.NOTIFY_SMTP_URL ? smtpSender(settings.NOTIFY_SMTP_URL, settings.NOTIFY_EMAIL_FROM) : undefined);
    const ctx = createNotifyContext(deps, settings, { ...seams, ...(sender ? { sender } : {}) });
    await deps.events.subscribe(noticesConsumer(ctx));
    const emails = scheduleJob({
      database: deps.database,
      logger: ctx.logger,
      now: deps.now,
      name: 'notify.send-emails',
      cron: settings.NOTIFY_EMAIL_CRON,
      run: async ({ signal }) => {
        const outcome = await sendDueEmails(ctx, signal);
        if (outcome.sent + outcome.retried + outcome.failed > 0) ctx.logger.info(outcome, 'email outbox sent');
      },
    });
    return {
      name: 'notify',
      routes: async (app) => {
        registerInboxRoutes(app, ctx);
        registerPreferenceRoutes(app, ctx);
      },
      close: async () => {
        await emails.stop();
        await ctx.sender.close?.();
      },
    };
  };
}
