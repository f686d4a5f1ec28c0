import { Type } from 'typebox';
import { callerOf } from '@pustaka/kit/auth';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { HoldSchema, IdempotencyKeyHeaders, PlaceHoldBody } from './holds.schema.ts';
import { placeHold } from './place-hold.service.ts';
import { releaseHold } from './release-hold.service.ts';

const tags = ['holds'];

export function registerHoldRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.post(
    '/api/events/:id/holds',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Hold seats for a few minutes, all or none (seatIds), or general-admission places (quantity). Send an Idempotency-Key to retry safely.',
        params: UuidParams,
        headers: IdempotencyKeyHeaders,
        body: PlaceHoldBody,
        response: { 201: HoldSchema, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const placed = await placeHold(ctx, callerOf(request), request.params.id, request.body, request.headers['idempotency-key']);
      if (placed.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(placed.hold);
    },
  );

  app.delete(
    '/api/holds/:id',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Let a hold go early; its seats are free at once',
        params: UuidParams,
        response: { 204: Type.Null(), ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await releaseHold(ctx, callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
