import { callerOf } from '@pustaka/kit/auth';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { DiscoveryContext } from '../discovery-context.ts';
import { recommendationsForBook } from './book-recommendations.service.ts';
import { recommendationsForMember } from './for-me.service.ts';
import { popularBooks } from './popular.service.ts';
import { BookRecommendations, MemberRecommendations, PopularQuery, PopularResult, RecommendationsQuery } from './recommendations.schema.ts';

const tags = ['recommendations'];

export function registerRecommendationRoutes(app: HttpApp, ctx: DiscoveryContext): void {
  app.get(
    '/api/recommendations/popular',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Best-selling books, recent sales counting most; sold-out books left out unless asked for',
        querystring: PopularQuery,
        response: { 200: PopularResult, ...problems(400) },
      },
    },
    async (request) => popularBooks(ctx, request.query),
  );

  app.get(
    '/api/recommendations/for-me',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Books and events for you, from your orders and bookings',
        querystring: RecommendationsQuery,
        response: { 200: MemberRecommendations, ...problems(400, 401) },
      },
    },
    async (request) => recommendationsForMember(ctx, callerOf(request), request.query),
  );

  app.get(
    '/api/books/:id/recommendations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Books bought with this one, filled with best sellers of its category and of the shop',
        params: UuidParams,
        querystring: RecommendationsQuery,
        response: { 200: BookRecommendations, ...problems(400, 404) },
      },
    },
    async (request) => recommendationsForBook(ctx, request.params.id, request.query),
  );
}
