import { Type } from 'typebox';
import { matchesIfNoneMatch, problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import { SeatMapSchema } from './seat-map.schema.ts';
import type { SeatMap } from './seat-map.schema.ts';
import type { SeatMapCache } from './seat-map-cache.ts';
import { getSeatMap } from './seat-map.service.ts';

export function registerSeatMapRoutes(app: HttpApp, maps: SeatMapCache): void {
  app.get(
    '/api/events/:id/seats',
    {
      config: { access: 'public' },
      schema: {
        tags: ['events'],
        summary: 'Every seat and where it stands (free, held, booked, blocked; yours marked), or the places left',
        description:
          'Answers with an ETag that changes with every change to the map and to what is yours in it: send it back in If-None-Match and an unchanged map is a 304.',
        params: UuidParams,
        response: { 200: SeatMapSchema, 304: Type.Null({ description: 'Unchanged since the ETag sent in If-None-Match' }), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const view = await getSeatMap(maps, request.caller, request.params.id);
      // Each caller sees their own seats marked: private, and revalidated every time (a 304 costs
      // the client no body; a live client follows seats.changed and needs no reload at all).
      reply.header('etag', view.etag).header('cache-control', 'private, no-cache').header('vary', 'authorization');
      if (matchesIfNoneMatch(request.headers['if-none-match'], view.etag)) return reply.status(304).send(null);
      // JSON serialised once per build (the schema's shape, see seat-map-build.ts): sent as bytes,
      // which Fastify passes through without the response serialiser.
      return reply.type('application/json; charset=utf-8').send(view.body() as unknown as SeatMap);
    },
  );
}
