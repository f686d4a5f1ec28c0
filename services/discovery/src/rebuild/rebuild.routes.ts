import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import { getRebuild } from '@pustaka/kit/rebuild';
import type { Rebuilds } from '@pustaka/kit/rebuild';
import type { DiscoveryContext } from '../discovery-context.ts';
import { RebuildRun } from './rebuild.schema.ts';

const tags = ['search'];

export function registerRebuildRoutes(app: HttpApp, ctx: DiscoveryContext, rebuilds: Rebuilds): void {
  app.post(
    '/api/search/reindex',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'Rebuild the search index from scratch from the catalog and ticketing (admin); search keeps answering from the live index until the new one takes its place',
        response: { 202: RebuildRun, ...problems(401, 403, 409) },
      },
    },
    async (_request, reply) => {
      const run = await rebuilds.start();
      return reply.status(202).header('location', `/api/search/reindex/${run.id}`).send(run);
    },
  );

  app.get(
    '/api/search/reindex/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'How far a rebuild of the search index is (admin)',
        params: UuidParams,
        response: { 200: RebuildRun, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getRebuild(ctx.db, request.params.id),
  );
}
