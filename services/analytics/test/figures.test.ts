import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { applyChanges } from '../src/rollups/apply-changes.service.ts';
import { changeOf } from '../src/rollups/change-of-event.ts';
import type { ConsumedEvent } from '../src/rollups/consumed-events.ts';
import { makeShopHistory } from './shop-history.ts';
import { bookSalesOf, dailyRevenue, factsOf, jakartaDay, seatsOf, topBooksOf, topCategoriesOf, topCustomersOf, totalsOf } from './shop-truth.ts';
import type { Facts } from './shop-truth.ts';
import { startAnalytics } from './support.ts';

// Jakarta's midnight of 2024-11-20 is 17:00 UTC the day before; the history crosses a year's end.
const history = makeShopHistory({ start: new Date('2024-11-19T17:00:00Z'), days: 120, orders: 1_600, seed: 11 });
const today = new Date(history.lastInstant.getTime() + 86_400_000);

async function startWithHistory(storage: TestStorage) {
  const sut = await startAnalytics(storage, {}, () => today);
  await sut.deliver(history.delivered);
  return sut;
}

describeService('every figure equals the same figure computed from the raw events', startWithHistory, (sut, { storage }) => {
  let facts: Facts;
  beforeAll(() => {
    facts = factsOf(history.recorded);
  });

  const summaryOf = async (from: string, to: string, granularity = 'day') => {
    const response = await sut.api.get(`/api/dashboard/summary?from=${from}&to=${to}&granularity=${granularity}`, { token: sut.tokens.staff });
    expect(response.status).toBe(200);
    return response.body;
  };

  // The whole history (months and edge days: the threshold algorithm), a month, a week across
  // the year's end, and single days around Jakarta's midnight (plain aggregation).
  const ranges = [
    ['2024-11-20', '2025-03-19'],
    ['2024-12-01', '2024-12-31'],
    ['2024-12-28', '2025-01-03'],
    ['2025-01-15', '2025-01-15'],
    ['2024-11-25', '2025-02-10'],
  ] as const;

  it.each(ranges)('gives the totals, and those of the period before, over %s to %s', async (from, to) => {
    const summary = await summaryOf(from, to);
    const now = totalsOf(facts, { from, to });
    const before = totalsOf(facts, summary.range.previous);
    for (const [name, value] of Object.entries(now)) {
      expect({ name, ...summary.totals[name] }).toEqual({ name, current: value, previous: before[name as keyof typeof before] });
    }
    expect(now.orders).toBeGreaterThan(0);
  });

  it.each(ranges)('gives the top books, categories and customers over %s to %s', async (from, to) => {
    const summary = await summaryOf(from, to);
    const previous = summary.range.previous;
    expect(summary.topBooks.map((book: any) => ({ bookId: book.bookId, revenue: book.revenue, units: book.units }))).toEqual(
      topBooksOf(facts, { from, to }, 10),
    );
    expect(summary.topCategories.map((category: any) => ({ categoryId: category.categoryId, revenue: category.revenue, units: category.units }))).toEqual(
      topCategoriesOf(facts, { from, to }, 10),
    );
    expect(summary.topCustomers.map((customer: any) => ({ userId: customer.userId, spend: customer.spend, orders: customer.orders }))).toEqual(
      topCustomersOf(facts, { from, to }, 10),
    );
    const previousBooks = bookSalesOf(facts, previous);
    for (const book of summary.topBooks) expect(book.previous).toEqual(previousBooks.get(book.bookId) ?? { revenue: 0, units: 0 });
    for (const book of summary.topBooks) expect(book.title).toBe(facts.titles.get(book.bookId));
    for (const customer of summary.topCustomers) expect(customer.name).toBe(facts.names.get(customer.userId));
  });

  it('gives the revenue of each day, week and month, each beside the period as long before it', async () => {
    const [from, to] = ['2024-12-01', '2024-12-31'];
    const daily = await summaryOf(from, to, 'day');
    const days = daily.revenueByPeriod.map((period: any) => period.start);
    expect(days).toHaveLength(31);
    expect(daily.revenueByPeriod.map((period: any) => period.revenue)).toEqual(dailyRevenue(facts, days));
    expect(daily.revenueByPeriod.map((period: any) => period.previous.revenue)).toEqual(
      dailyRevenue(
        facts,
        daily.revenueByPeriod.map((period: any) => period.previous.start),
      ),
    );

    const weekly = await summaryOf(from, to, 'week');
    // 2024-12-01 is a Sunday: a week of one day, four whole weeks, then Monday and Tuesday.
    expect(weekly.revenueByPeriod.map((period: any) => [period.start, period.end])).toEqual([
      ['2024-12-01', '2024-12-01'],
      ['2024-12-02', '2024-12-08'],
      ['2024-12-09', '2024-12-15'],
      ['2024-12-16', '2024-12-22'],
      ['2024-12-23', '2024-12-29'],
      ['2024-12-30', '2024-12-31'],
    ]);
    for (const period of weekly.revenueByPeriod) expect(period.revenue).toBe(totalsOf(facts, { from: period.start, to: period.end }).revenue);

    const monthly = await summaryOf('2024-11-20', '2025-03-19', 'month');
    expect(monthly.revenueByPeriod.map((period: any) => period.start)).toEqual(['2024-11-20', '2024-12-01', '2025-01-01', '2025-02-01', '2025-03-01']);
    for (const period of monthly.revenueByPeriod) expect(period.revenue).toBe(totalsOf(facts, { from: period.start, to: period.end }).revenue);
  });

  it('gives the seats sold and the fill rate of each event whose seats moved', async () => {
    const [from, to] = ['2024-12-10', '2025-01-20'];
    const summary = await summaryOf(from, to);
    const now = seatsOf(facts, { from, to });
    const before = seatsOf(facts, summary.range.previous);
    expect(summary.events.length).toBe(2);
    for (const event of summary.events) {
      const truth = now.get(event.eventId)!;
      expect(event.seatsSold).toEqual({ current: truth.seats, previous: before.get(event.eventId)?.seats ?? 0 });
      expect(event.ticketRevenue).toEqual({ current: truth.revenue, previous: before.get(event.eventId)?.revenue ?? 0 });
      expect(event.fillRate.current).toBe(Math.round((truth.bookedByEnd / event.capacity) * 10_000) / 10_000);
      expect(event.fillRate.previous).toBe(Math.round(((before.get(event.eventId)?.bookedByEnd ?? 0) / event.capacity) * 10_000) / 10_000);
    }
  });

  it('lists the books at or below their threshold, lowest stock first', async () => {
    const summary = await summaryOf('2025-03-01', '2025-03-19');
    const low = [...facts.stock].filter(([, stock]) => stock <= 3).sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1));
    expect(low.length).toBeGreaterThan(0);
    expect(summary.lowStock.map((book: any) => [book.bookId, book.stock])).toEqual(low.slice(0, 10));
  });

  it('counts a sale of a book whose category came later under that category, and a moved book where it was when sold', async () => {
    const [lateBook] = history.lateBookIds;
    const report = await sut.api.get(`/api/dashboard/books/${lateBook}?from=2024-11-20&to=2025-03-19`, { token: sut.tokens.staff });
    expect(report.status).toBe(200);
    expect(report.body.book.categoryId).not.toBeNull();
    const rows = await storage.database.root.selectFrom('analytics.order_lines').select('book_id').where('category_id', 'is', null).execute();
    expect(rows).toEqual([]);
  });

  it('gives a book its sales per period and its rank among the best sellers', async () => {
    const [from, to] = ['2024-11-20', '2025-03-19'];
    const best = topBooksOf(facts, { from, to }, 30);
    const third = best[2]!;
    const report = (await sut.api.get(`/api/dashboard/books/${third.bookId}?from=${from}&to=${to}&granularity=month`, { token: sut.tokens.staff })).body;
    expect(report.rank.current).toBe(3);
    expect(report.totals.revenue.current).toBe(third.revenue);
    expect(report.sales.reduce((sum: number, period: any) => sum + period.revenue, 0)).toBe(third.revenue);
    expect(report.stock.some((period: any) => period.closingStock !== null)).toBe(true);
  });

  const tables = [
    'shop_days',
    'book_days',
    'book_months',
    'customer_days',
    'customer_months',
    'category_days',
    'category_months',
    'event_days',
    'book_stock_days',
    'books',
    'orders',
    'order_lines',
    'bookings',
  ];

  it('changes nothing when events are delivered again', async () => {
    const before = await rowsOf(tables);
    await sut.deliver(history.recorded.slice(0, 800));
    expect(await rowsOf(tables)).toEqual(before);
  });

  it('changes nothing when the facts of orders and bookings are applied again under new event ids (as a rebuild beside the consumer would)', async () => {
    const before = await rowsOf(tables);
    const again = history.recorded
      .filter((event) => event.type.startsWith('order.') || event.type.startsWith('booking.'))
      .map((event) => changeOf(event as ConsumedEvent));
    await sut.ctx.db.transaction().execute((trx) => applyChanges(trx, again, { timeZone: 'Asia/Jakarta', currency: 'IDR' }));
    expect(await rowsOf(tables)).toEqual(before);
  });

  async function rowsOf(names: string[]) {
    return Promise.all(
      names.map(async (table) => {
        const rows = await storage.database.root.selectFrom(`analytics.${table}`).selectAll().execute();
        return rows.map((row) => JSON.stringify(row)).sort();
      }),
    );
  }

  it('dates an order at 23:30 in Jakarta (16:30 UTC) on that Jakarta day', () => {
    expect(jakartaDay('2025-01-15T16:30:00Z')).toBe('2025-01-15');
    expect(jakartaDay('2025-01-15T17:00:00Z')).toBe('2025-01-16');
  });
});
