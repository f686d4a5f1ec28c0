import { problems } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { DiscoveryContext } from '../discovery-context.ts';
import { SearchQuery, SearchResult, SuggestQuery, SuggestResult } from './search.schema.ts';
import { search } from './search.service.ts';
import { suggest } from './suggest.service.ts';

const tags = ['search'];

export function registerSearchRoutes(app: HttpApp, ctx: DiscoveryContext): void {
  app.get(
    '/api/search',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Books and events in one ranked list, with typos forgiven, highlighted snippets and facet counts',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...problems(400) },
      },
    },
    async (request) => search(ctx, request.query),
  );

  app.get(
    '/api/search/suggest',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Titles and author names for type-ahead, for every keystroke',
        querystring: SuggestQuery,
        response: { 200: SuggestResult, ...problems(400) },
      },
    },
    async (request) => suggest(ctx, request.query),
  );
}
