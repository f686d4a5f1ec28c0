import { callerOf } from '@pustaka/kit/auth';
import { problems } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { NotifyContext } from '../notify-context.ts';
import { listNotifications, readAllNotifications, readNotification } from './inbox.service.ts';
import { NotificationListQuery, NotificationPage, NotificationParams, NotificationSchema, ReadAllAnswer } from './notifications.schema.ts';

const tags = ['notifications'];

/** The caller's own inbox: every route is for a signed-in member, about their notifications only. */
export function registerInboxRoutes(app: HttpApp, ctx: NotifyContext): void {
  app.get(
    '/api/notifications',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Your notifications, newest first, a page at a time (pass nextBefore as before), with how many are unread',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...problems(400, 401) },
      },
    },
    async (request) => listNotifications(ctx, callerOf(request), request.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Mark one of your notifications read (again is fine: the first time stays)',
        params: NotificationParams,
        response: { 200: NotificationSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => readNotification(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'member' },
      schema: { tags, summary: 'Mark all your notifications read', response: { 200: ReadAllAnswer, ...problems(401) } },
    },
    async (request) => readAllNotifications(ctx, callerOf(request)),
  );
}
