import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { callerOf } from '@pustaka/kit/auth';
import { matchesIfNoneMatch, problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { issueCalendarFeed, renderBookingCalendar, renderCalendarFeed, revokeCalendarFeed } from './calendar-feed.service.ts';
import { CalendarFeedSchema, FeedTokenParams, IcsResponse } from './calendar-feed.schema.ts';

const tags = ['calendar'];
const ICS_TYPE = 'text/calendar; charset=utf-8';

/**
 * `GET /api/bookings/:id/calendar.ics`, the member's subscription feed `GET /api/calendar/:token.ics`
 * and the feed token's `POST`/`DELETE /api/calendar/token`.
 */
export function registerCalendarRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.get(
    '/api/bookings/:id/calendar.ics',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'One booking as an .ics file to import (its owner or staff)',
        params: UuidParams,
        response: { 200: IcsResponse, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { code, ics } = await renderBookingCalendar(ctx, callerOf(request), request.params.id);
      // A booking is private: no shared cache may keep it.
      return reply
        .type(ICS_TYPE)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="booking-${code.replace(/[^\w-]/g, '_')}.ics"`)
        .send(ics);
    },
  );

  app.post(
    '/api/calendar/token',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'A new secret feed URL of all your bookings; the previous one stops working',
        response: { 201: CalendarFeedSchema, ...problems(401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await issueCalendarFeed(ctx, callerOf(request)));
    },
  );

  app.delete(
    '/api/calendar/token',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Revoke your feed URL',
        response: { 204: Type.Null({ description: 'Revoked (or there was none)' }), ...problems(401) },
      },
    },
    async (request, reply) => {
      await revokeCalendarFeed(ctx, callerOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/calendar/:token.ics',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Your bookings as a calendar feed to subscribe to; the token in the URL is the credential',
        params: FeedTokenParams,
        response: { 200: IcsResponse, 304: Type.Null({ description: 'Unchanged since the ETag sent in If-None-Match' }), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const ics = await renderCalendarFeed(ctx, request.params.token);
      // Calendar apps poll a feed for as long as it is subscribed: they may keep it five minutes
      // (private: the URL is a secret, no shared cache), and an unchanged feed costs them a 304.
      const etag = etagOf(ics);
      reply.header('cache-control', 'private, max-age=300').header('etag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send(null);
      return reply.type(ICS_TYPE).send(ics);
    },
  );
}

/** A strong validator of a rendered feed; its DTSTAMPs are stable, so unchanged bookings keep it. */
function etagOf(ics: string): string {
  return `"${createHash('sha256').update(ics).digest('base64url').slice(0, 27)}"`;
}
