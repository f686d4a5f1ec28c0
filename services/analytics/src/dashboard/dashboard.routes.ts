import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { AnalyticsContext } from '../analytics-context.ts';
import { getBookReport } from './book-report.service.ts';
import { exportDailyFigures } from './daily-export.service.ts';
import { BookReportSchema, CsvResponse, DashboardQuery, RangeQuery, SummarySchema } from './dashboard.schema.ts';
import { getSummary } from './summary.service.ts';

const tags = ['dashboard'];

/** `GET /api/dashboard/summary`, `GET /api/dashboard/books/:id` and `GET /api/dashboard/export.csv`, for staff. */
export function registerDashboardRoutes(app: HttpApp, ctx: AnalyticsContext): void {
  app.get(
    '/api/dashboard/summary',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's figures over a range of shop days, each beside the period of equal length before it",
        querystring: DashboardQuery,
        response: { 200: SummarySchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      // Sales figures are staff's alone: no shared cache may keep them.
      reply.header('cache-control', 'private, no-store');
      return getSummary(ctx, request.query);
    },
  );

  app.get(
    '/api/dashboard/books/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "One book's sales and stock movements over a range, and its rank by revenue",
        params: UuidParams,
        querystring: DashboardQuery,
        response: { 200: BookReportSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return getBookReport(ctx, request.params.id, request.query);
    },
  );

  app.get(
    '/api/dashboard/export.csv',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's figures of every day of a range, as CSV for a spreadsheet",
        querystring: RangeQuery,
        response: { 200: CsvResponse, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { filename, csv } = await exportDailyFigures(ctx, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
}
