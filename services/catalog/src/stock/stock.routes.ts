import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { CatalogContext } from '../catalog-context.ts';
import { StockChangeBody, StockLevelSchema } from './stock.schema.ts';
import { changeStock } from './stock.service.ts';

export function registerStockRoutes(app: HttpApp, ctx: CatalogContext): void {
  app.post(
    '/api/books/:id/stock',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['stock'],
        summary: 'Restock, correct or count the stock of a book (staff); never below zero',
        params: UuidParams,
        body: StockChangeBody,
        response: { 200: StockLevelSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => changeStock(ctx, request.params.id, request.body),
  );
}
