import { problems } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { NotifyContext } from '../notify-context.ts';
import { ItemListQuery, ItemPage } from './items.schema.ts';
import { listItems } from './items.service.ts';

const tags = ['notify'];

/**
 * Thin adapters: validate, call one use case, answer. Every route says who may call it in
 * `config: { access }` ('public', 'member', 'owner', 'staff' or 'admin'; see RouteAccess).
 */
export function registerItemRoutes(app: HttpApp, ctx: NotifyContext): void {
  app.get(
    '/api/notify/items',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The items, newest first', querystring: ItemListQuery, response: { 200: ItemPage, ...problems(400) } },
    },
    async (request) => listItems(ctx, request.query),
  );
}
