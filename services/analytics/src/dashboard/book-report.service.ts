import { AppError } from '@pustaka/kit/errors';
import type { AnalyticsContext } from '../analytics-context.ts';
import { dashboardAnswer } from '../answer-cache/dashboard-answers.ts';
import { periodsOf } from '../calendar/shop-calendar.ts';
import { resolveRange, shopToday } from './dashboard-range.ts';
import type { DashboardRange } from './dashboard-range.ts';
import { findBookSales, findBookStockDays, findReportedBook, findShopDays } from './dashboard.repository.ts';
import type { BookReport, DashboardQuery } from './dashboard.schema.ts';
import { DayTotalsOf } from './day-totals.ts';
import { topRanked, totalsOver } from './top-ranked.ts';

/** A book's rank is given among this many of the best-selling books of the range (null below them). */
export const RANK_DEPTH = 100;

/**
 * One book on the dashboard: its sales per period, its stock movements per period, and where it
 * ranks by revenue, over the range and the period before it. Cached like the summary.
 */
export async function getBookReport(ctx: AnalyticsContext, bookId: string, query: DashboardQuery): Promise<BookReport> {
  const range = resolveRange(query, { today: shopToday(ctx.now(), ctx.settings.ANALYTICS_TIME_ZONE), maxDays: ctx.settings.ANALYTICS_MAX_RANGE_DAYS });
  const name = `book:${bookId}:${range.from}:${range.to}:${range.granularity}`;
  const report = await dashboardAnswer(ctx.cache, ctx.settings.ANALYTICS_CACHE_TTL_SECONDS, 'book', name, { from: range.previous.from, to: range.to }, () =>
    computeBookReport(ctx, bookId, range),
  );
  if (!report) throw new AppError('not_found', 'BOOK_NOT_FOUND', 'No sale, stock movement or event of this book has reached the dashboard');
  return report;
}

async function computeBookReport(ctx: AnalyticsContext, bookId: string, range: DashboardRange): Promise<BookReport | undefined> {
  const book = await findReportedBook(ctx.db, bookId);
  if (!book) return undefined;
  const days = new DayTotalsOf(await findShopDays(ctx.db, range.previous.from, range.to));
  const bound = (from: string, to: string) => {
    const totals = days.over(from, to);
    return totals.lines_placed + totals.lines_cancelled;
  };
  const [sales, stock, totals, previousTotals, rank, previousRank] = await Promise.all([
    findBookSales(ctx.db, bookId, range.from, range.to),
    findBookStockDays(ctx.db, bookId, range.from, range.to),
    totalsOver(ctx.db, 'books', range, [bookId]),
    totalsOver(ctx.db, 'books', range.previous, [bookId]),
    topRanked(ctx.db, 'books', range, RANK_DEPTH, bound(range.from, range.to)),
    topRanked(ctx.db, 'books', range.previous, RANK_DEPTH, bound(range.previous.from, range.previous.to)),
  ]);
  const rankOf = (ranking: Array<{ key: string }>) => {
    const at = ranking.findIndex((entry) => entry.key === bookId);
    return at === -1 ? null : at + 1;
  };
  const periods = periodsOf(range.from, range.to, range.granularity);
  const within = <T extends { day: string }>(rows: T[], period: { start: string; end: string }) =>
    rows.filter((row) => row.day >= period.start && row.day <= period.end);
  return {
    book: {
      bookId: book.book_id,
      title: book.title,
      categoryId: book.category_id,
      categoryName: book.category_name,
      stock: book.stock,
      lowStockThreshold: book.low_stock_threshold,
      deleted: book.deleted,
    },
    range: {
      from: range.from,
      to: range.to,
      granularity: range.granularity,
      timeZone: ctx.settings.ANALYTICS_TIME_ZONE,
      currency: ctx.settings.ANALYTICS_CURRENCY,
      previous: range.previous,
    },
    totals: {
      revenue: { current: totals[0]?.measure ?? 0, previous: previousTotals[0]?.measure ?? 0 },
      units: { current: totals[0]?.count ?? 0, previous: previousTotals[0]?.count ?? 0 },
    },
    rank: { current: rankOf(rank), previous: rankOf(previousRank), among: RANK_DEPTH },
    sales: periods.map((period) => {
      const rows = within(sales, period);
      return { ...period, revenue: sum(rows.map((row) => row.revenue)), units: sum(rows.map((row) => row.units)) };
    }),
    stock: periods.map((period) => {
      const rows = within(stock, period);
      return {
        ...period,
        restocked: sum(rows.map((row) => row.restocked)),
        corrected: sum(rows.map((row) => row.corrected)),
        reserved: sum(rows.map((row) => row.reserved)),
        released: sum(rows.map((row) => row.released)),
        sold: sum(rows.map((row) => row.sold)),
        closingStock: rows.at(-1)?.closing_stock ?? null,
      };
    }),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + Number(value), 0);
}
