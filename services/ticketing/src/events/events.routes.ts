import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { getEvent, listEvents } from './browse-events.service.ts';
import { EventListQuery, EventPage, EventSchema } from './events.schema.ts';

const tags = ['events'];

/** Browsing events, for everyone; staff create, change, publish and cancel them (event-lifecycle). */
export function registerEventRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.get(
    '/api/events',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Published events by start time: upcoming unless `from` says otherwise; staff may list drafts',
        querystring: EventListQuery,
        response: { 200: EventPage, ...problems(400, 403) },
      },
    },
    async (request) => listEvents(ctx, request.caller, request.query),
  );

  app.get(
    '/api/events/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One event', params: UuidParams, response: { 200: EventSchema, ...problems(400, 404) } },
    },
    async (request) => getEvent(ctx, request.caller, request.params.id),
  );
}
