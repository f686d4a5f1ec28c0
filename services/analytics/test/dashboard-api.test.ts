import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { newEvent } from '@pustaka/kit/bus';
import { describeService } from '@pustaka/kit/testing';
import { startAnalytics } from './support.ts';

const NOW = new Date('2025-03-10T10:00:00Z');
const ROUTES = ['/api/dashboard/summary', `/api/dashboard/books/${randomUUID()}`, '/api/dashboard/export.csv'];

describeService(
  'the dashboard API',
  (storage) => startAnalytics(storage, { ANALYTICS_MAX_RANGE_DAYS: 400 }, () => NOW),
  (sut) => {
    const bookId = randomUUID();

    beforeAll(async () => {
      const userId = randomUUID();
      const order = (orderId: string, placedAt: string) =>
        newEvent('order.placed', {
          orderId,
          userId,
          items: [{ bookId, title: 'Ronggeng Dukuh Paruk', quantity: 2, unitPrice: 60_000 }],
          total: 120_000,
          currency: 'IDR',
          placedAt,
        });
      const cancelled = randomUUID();
      await sut.deliver([
        // 23:30 in Jakarta on 8 March, and 00:10 on 9 March: two shop days.
        order(randomUUID(), '2025-03-08T16:30:00Z'),
        order(cancelled, '2025-03-08T17:10:00Z'),
        newEvent(
          'order.cancelled',
          { orderId: cancelled, userId, items: [{ bookId, quantity: 2 }], reason: 'buyer' },
          { now: new Date('2025-03-09T18:00:00Z') },
        ),
        newEvent('stock.changed', { bookId, stock: 2, delta: -4, reason: 'correction' }, { now: new Date('2025-03-09T02:00:00Z') }),
      ]);
    });

    it('answers staff and admins, and refuses members (403) and strangers (401) with a problem', async () => {
      for (const route of ROUTES) {
        expect((await sut.api.get(route, { token: sut.tokens.member })).status).toBe(403);
        const anonymous = await sut.api.get(route);
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await sut.api.get('/api/dashboard/summary', { token: sut.tokens.admin })).status).toBe(200);
    });

    it('takes the last 30 shop days up to today when no range is given', async () => {
      const { range } = (await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff })).body;
      expect(range).toEqual({
        from: '2025-02-09',
        to: '2025-03-10',
        granularity: 'day',
        timeZone: 'Asia/Jakarta',
        currency: 'IDR',
        previous: { from: '2025-01-10', to: '2025-02-08' },
      });
    });

    it.each([
      ['from=2025-03-10&to=2025-03-01', 'INVALID_RANGE', '/from'],
      ['from=2024-01-01&to=2025-03-01', 'RANGE_TOO_LONG', '/to'],
      ['from=1999-12-31&to=2000-01-02', 'DATE_OUT_OF_RANGE', '/from'],
      ['to=2099-01-01', 'DATE_OUT_OF_RANGE', '/to'],
      ['from=2025-02-30', 'VALIDATION_FAILED', '/from'],
      ['granularity=hour', 'VALIDATION_FAILED', '/granularity'],
      ['from=2025-03-01&limit=5', 'VALIDATION_FAILED', '/limit'],
    ])('refuses %s with %s naming %s', async (query, code, field) => {
      const response = await sut.api.get(`/api/dashboard/summary?${query}`, { token: sut.tokens.staff });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('exports every day of the range as CSV, a header first, for a spreadsheet', async () => {
      const response = await sut.api.get('/api/dashboard/export.csv?from=2025-03-07&to=2025-03-10', { token: sut.tokens.staff });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="pustaka-daily-2025-03-07-to-2025-03-10.csv"');
      const rows = parse(response.body as string, { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => [row.day, row.orders, row.cancelled_orders, row.revenue, row.units])).toEqual([
        ['2025-03-07', '0', '0', '0', '0'],
        ['2025-03-08', '1', '0', '120000', '2'],
        ['2025-03-09', '1', '0', '120000', '2'],
        ['2025-03-10', '0', '1', '-120000', '-2'],
      ]);
      expect(rows[1]).toMatchObject({ currency: 'IDR', gross_revenue: '120000', average_order_value: '120000' });
      expect(rows[0]!.average_order_value).toBe('');
    });

    it("gives a book's report, and 404 for a book the dashboard has never heard of", async () => {
      const report = await sut.api.get(`/api/dashboard/books/${bookId}?from=2025-03-08&to=2025-03-10`, { token: sut.tokens.staff });
      expect(report.status).toBe(200);
      expect(report.body.book).toMatchObject({ bookId, title: 'Ronggeng Dukuh Paruk', stock: 2, categoryId: null });
      expect(report.body.sales.map((day: any) => [day.start, day.revenue])).toEqual([
        ['2025-03-08', 120_000],
        ['2025-03-09', 120_000],
        ['2025-03-10', -120_000],
      ]);
      expect(report.body.stock[1]).toMatchObject({ start: '2025-03-09', corrected: -4, closingStock: 2 });
      expect(report.body.rank).toEqual({ current: 1, previous: null, among: 100 });
      const unknown = await sut.api.get(`/api/dashboard/books/${randomUUID()}`, { token: sut.tokens.staff });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('BOOK_NOT_FOUND');
    });
  },
);
