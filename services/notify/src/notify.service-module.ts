import { migrateToLatest } from '@pustaka/kit/db';
import { scheduleJob } from '@pustaka/kit/jobs';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { NotifySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createNotifyContext } from './notify-context.ts';
import type { NotifySeams } from './notify-context.ts';
import { sendDueEmails } from './email/send-due-emails.service.ts';
import { smtpSender } from './email/smtp-sender.ts';
import { inboxReader } from './inbox/inbox-reader.ts';
import { registerInboxRoutes } from './inbox/inbox.routes.ts';
import { startLiveConnections } from './live/live-connections.ts';
import { liveTopicConsumers } from './live/live.consumers.ts';
import { registerLiveRoutes } from './live/live.routes.ts';
import { noticesConsumer } from './notices/notices.consumer.ts';
import { registerPreferenceRoutes } from './preferences/preferences.routes.ts';

export type { NotifySettings } from '../config.ts';
export type { NotifyContext, NotifySeams } from './notify-context.ts';
export { inboxReader } from './inbox/inbox-reader.ts';
export type { NotificationSender, OutgoingEmail } from './email/notification-sender.ts';

/**
 * Notify: brings its schema up to date, turns the events a member should hear about into
 * notifications (`notify.notices`), mounts the inbox and preferences under `/api/notifications`,
 * and sends the email outbox on a schedule (over SMTP when NOTIFY_SMTP_URL is set, else logged);
 * serves `/ws`, where each committed notification reaches its member's open tabs on every replica
 * and the followers of a seat map or a book's stock hear its changes. `seams.live` (tests) takes
 * the notifications in place of the sockets.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [notifyService(notifySettings())] });
 */
export function notifyService(settings: NotifySettings, seams: NotifySeams = {}): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'notify', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'notify migrations applied');
    const sender = seams.sender ?? (settings.NOTIFY_SMTP_URL ? smtpSender(settings.NOTIFY_SMTP_URL, settings.NOTIFY_EMAIL_FROM) : undefined);
    const stored = createNotifyContext(deps, settings, { ...seams, ...(sender ? { sender } : {}) });
    // This replica's sockets, fed through RabbitMQ from every replica (in this process when embedded).
    const live = await startLiveConnections({ inbox: inboxReader(stored), logger: stored.logger, amqpUrl: deps.amqpUrl });
    const ctx = { ...stored, live: seams.live ?? live.delivery };
    await deps.events.subscribe(noticesConsumer(ctx));
    for (const consumer of liveTopicConsumers) await deps.events.subscribe(consumer({ live: live.delivery }));
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
        await registerLiveRoutes(app, live);
      },
      close: async () => {
        await live.close();
        await emails.stop();
        await ctx.sender.close?.();
      },
    };
  };
}
