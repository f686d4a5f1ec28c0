import { requireRole } from '@pustaka/kit/auth';
import { bearerAuth, problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { getEvent, listEvents } from './browse-events.service.ts';
import { cancelEvent } from './cancel-event.service.ts';
import { EventChangesBody, EventListQuery, EventPage, EventSchema, NewEventBody } from './events.schema.ts';
import { createEvent, publishEvent, updateEvent } from './manage-events.service.ts';

const tags = ['events'];
const staffOnly = requireRole('staff', 'admin');

export function registerEventRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.get(
    '/api/events',
    {
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
      schema: { tags, summary: 'One event', params: UuidParams, response: { 200: EventSchema, ...problems(400, 404) } },
    },
    async (request) => getEvent(ctx, request.caller, request.params.id),
  );

  app.post(
    '/api/events',
    {
      onRequest: staffOnly,
      schema: {
        tags,
        security: bearerAuth,
        summary: 'Create an event as a draft (staff): a seated layout or general admission',
        body: NewEventBody,
        response: { 201: EventSchema, ...problems(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const event = await createEvent(ctx, request.body);
      return reply.status(201).header('location', `/api/events/${event.id}`).send(event);
    },
  );

  app.patch(
    '/api/events/:id',
    {
      onRequest: staffOnly,
      schema: {
        tags,
        security: bearerAuth,
        summary: 'Change an event (staff); seating and currency only while it is a draft',
        params: UuidParams,
        body: EventChangesBody,
        response: { 200: EventSchema, ...problems(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => updateEvent(ctx, request.params.id, request.body),
  );

  app.post(
    '/api/events/:id/publish',
    {
      onRequest: staffOnly,
      schema: {
        tags,
        security: bearerAuth,
        summary: 'Publish a draft: it is listed and, from salesOpenAt, on sale (staff)',
        params: UuidParams,
        response: { 200: EventSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => publishEvent(ctx, request.params.id),
  );

  app.post(
    '/api/events/:id/cancel',
    {
      onRequest: staffOnly,
      schema: {
        tags,
        security: bearerAuth,
        summary: 'Call an event off: every booking and hold on it is cancelled (staff)',
        params: UuidParams,
        response: { 200: EventSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => cancelEvent(ctx, request.params.id),
  );
}
