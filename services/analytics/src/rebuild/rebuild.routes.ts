import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import { getRebuild } from '@pustaka/kit/rebuild';
import type { Rebuilds } from '@pustaka/kit/rebuild';
import type { AnalyticsContext } from '../analytics-context.ts';
import { RebuildRun } from './rebuild.schema.ts';

const tags = ['dashboard'];

export function registerRebuildRoutes(app: HttpApp, ctx: AnalyticsContext, rebuilds: Rebuilds): void {
  app.post(
    '/api/dashboard/rebuild',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "Rebuild the dashboard's rollups from scratch from the catalog, orders and ticketing (admin); the dashboard keeps answering from the live rollups until the new ones take their place",
        response: { 202: RebuildRun, ...problems(401, 403, 409) },
      },
    },
    async (_request, reply) => {
      const run = await rebuilds.start();
      return reply.status(202).header('location', `/api/dashboard/rebuild/${run.id}`).send(run);
    },
  );

  app.get(
    '/api/dashboard/rebuild/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "How far a rebuild of the dashboard's rollups is (admin)",
        params: UuidParams,
        response: { 200: RebuildRun, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getRebuild(ctx.db, request.params.id),
  );
}
