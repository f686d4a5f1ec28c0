import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { SeatMapSchema } from './seat-map.schema.ts';
import { getSeatMap } from './seat-map.service.ts';

export function registerSeatMapRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.get(
    '/api/events/:id/seats',
    {
      config: { access: 'public' },
      schema: {
        tags: ['events'],
        summary: 'Every seat and where it stands (free, held, booked, blocked; yours marked), or the places left',
        params: UuidParams,
        response: { 200: SeatMapSchema, ...problems(400, 404) },
      },
    },
    async (request) => getSeatMap(ctx, request.caller, request.params.id),
  );
}
