import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { EventChangesBody, EventSchema, NewEventBody } from '../events/events.schema.ts';
import { cancelEvent } from './cancel-event.service.ts';
import { createEvent, publishEvent, updateEvent } from './manage-events.service.ts';

const tags = ['events'];
/**
 * Staff's routes over an event's life: create a draft, change it, publish it, call it off. Above
 * holds and bookings, which changing and cancelling an event reach into; browsing is in events.
 */
export function registerEventLifecycleRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.post(
    '/api/events',
    {
      config: { access: 'staff' },
      schema: {
        tags,
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
      config: { access: 'staff' },
      schema: {
        tags,
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
      config: { access: 'staff' },
      schema: {
        tags,
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
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Call an event off: every booking and hold on it is cancelled (staff)',
        params: UuidParams,
        response: { 200: EventSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => cancelEvent(ctx, request.params.id),
  );
}
