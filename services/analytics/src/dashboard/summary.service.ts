import type { AnalyticsContext } from '../analytics-context.ts';
import { dashboardAnswer } from '../answer-cache/dashboard-answers.ts';
import { splitByMonths } from '../calendar/shop-calendar.ts';
import { resolveRange, shopToday } from './dashboard-range.ts';
import type { DashboardRange } from './dashboard-range.ts';
import {
  findBookTitles,
  findCategoryNames,
  findCustomerNames,
  findLowStockBooks,
  findShopDays,
  findTicketedEvents,
  sumCategories,
  sumEventSeats,
} from './dashboard.repository.ts';
import type { DashboardQuery, Summary } from './dashboard.schema.ts';
import { averageOrderValue, cancellationRate, DayTotalsOf, netRevenue, netUnits } from './day-totals.ts';
import type { DayTotals } from './day-totals.ts';
import { topRanked, totalsOver } from './top-ranked.ts';
import type { Ranked } from './top-by-threshold.ts';

/**
 * The dashboard's summary of a range, each figure beside the same figure for the period of equal
 * length before it. Read from the rollups only, cached until an event moves one of its days (see
 * `dashboardAnswer`). The day totals come first (one row per day); the top lists, events and low
 * stock are then read in parallel.
 */
export async function getSummary(ctx: AnalyticsContext, query: DashboardQuery): Promise<Summary> {
  const range = resolveRange(query, { today: shopToday(ctx.now(), ctx.settings.ANALYTICS_TIME_ZONE), maxDays: ctx.settings.ANALYTICS_MAX_RANGE_DAYS });
  const name = `summary:${range.from}:${range.to}:${range.granularity}`;
  return dashboardAnswer(ctx.cache, ctx.settings.ANALYTICS_CACHE_TTL_SECONDS, 'summary', name, { from: range.previous.from, to: range.to }, () =>
    computeSummary(ctx, range),
  );
}

async function computeSummary(ctx: AnalyticsContext, range: DashboardRange): Promise<Summary> {
  const days = new DayTotalsOf(await findShopDays(ctx.db, range.previous.from, range.to));
  const now = days.over(range.from, range.to);
  const before = days.over(range.previous.from, range.previous.to);
  const limit = ctx.settings.ANALYTICS_TOP_LIMIT;
  const [topBooks, topCustomers, topCategories, events, lowStock] = await Promise.all([
    topBooksOf(ctx, range, now.lines_placed + now.lines_cancelled, limit),
    topCustomersOf(ctx, range, now.orders_placed + now.orders_cancelled, limit),
    topCategoriesOf(ctx, range, limit),
    eventsOf(ctx, range, limit),
    findLowStockBooks(ctx.db, limit),
  ]);
  const figure = (of: (totals: DayTotals) => number) => ({ current: of(now), previous: of(before) });
  const maybe = (of: (totals: DayTotals) => number | null) => ({ current: of(now), previous: of(before) });
  return {
    range: rangeOut(ctx, range),
    totals: {
      revenue: figure(netRevenue),
      grossRevenue: figure((totals) => totals.gross_revenue),
      refundedRevenue: figure((totals) => totals.refunded_revenue),
      orders: figure((totals) => totals.orders_placed),
      cancelledOrders: figure((totals) => totals.orders_cancelled),
      fulfilledOrders: figure((totals) => totals.orders_fulfilled),
      units: figure(netUnits),
      averageOrderValue: maybe(averageOrderValue),
      cancellationRate: maybe(cancellationRate),
      seatsSold: figure((totals) => totals.seats_sold),
      ticketRevenue: figure((totals) => totals.ticket_revenue),
      ordersInOtherCurrencies: figure((totals) => totals.other_currency_orders),
    },
    revenueByPeriod: days.periods(range.from, range.to, range.granularity, range.days).map(({ period, totals, previous, previousTotals }) => ({
      ...period,
      revenue: netRevenue(totals),
      orders: totals.orders_placed,
      units: netUnits(totals),
      previous: { ...previous, revenue: netRevenue(previousTotals), orders: previousTotals.orders_placed, units: netUnits(previousTotals) },
    })),
    topBooks,
    topCategories,
    topCustomers,
    events,
    lowStock: lowStock.map((book) => ({ bookId: book.book_id, title: book.title, stock: book.stock, threshold: book.low_stock_threshold })),
  };
}

/** The range as answers show it. */
export function rangeOut(ctx: AnalyticsContext, range: DashboardRange) {
  return {
    from: range.from,
    to: range.to,
    granularity: range.granularity,
    timeZone: ctx.settings.ANALYTICS_TIME_ZONE,
    currency: ctx.settings.ANALYTICS_CURRENCY,
    previous: range.previous,
  };
}

async function topBooksOf(ctx: AnalyticsContext, range: DashboardRange, rowsAtMost: number, limit: number): Promise<Summary['topBooks']> {
  const top = await topRanked(ctx.db, 'books', range, limit, rowsAtMost);
  const keys = top.map((entry) => entry.key);
  const [previous, titles] = await Promise.all([totalsOver(ctx.db, 'books', range.previous, keys), findBookTitles(ctx.db, keys)]);
  const before = byKey(previous);
  const titleOf = new Map(titles.map((row) => [row.book_id, row.title]));
  return top.map((entry) => ({
    bookId: entry.key,
    title: titleOf.get(entry.key) ?? '',
    revenue: entry.measure,
    units: entry.count,
    previous: { revenue: before.get(entry.key)?.measure ?? 0, units: before.get(entry.key)?.count ?? 0 },
  }));
}

async function topCustomersOf(ctx: AnalyticsContext, range: DashboardRange, rowsAtMost: number, limit: number): Promise<Summary['topCustomers']> {
  const top = await topRanked(ctx.db, 'customers', range, limit, rowsAtMost);
  const keys = top.map((entry) => entry.key);
  const [previous, names] = await Promise.all([totalsOver(ctx.db, 'customers', range.previous, keys), findCustomerNames(ctx.db, keys)]);
  const before = byKey(previous);
  const nameOf = new Map(names.map((row) => [row.user_id, row.name]));
  return top.map((entry) => ({
    userId: entry.key,
    name: nameOf.get(entry.key) ?? null,
    spend: entry.measure,
    orders: entry.count,
    previous: { spend: before.get(entry.key)?.measure ?? 0, orders: before.get(entry.key)?.count ?? 0 },
  }));
}

async function topCategoriesOf(ctx: AnalyticsContext, range: DashboardRange, limit: number): Promise<Summary['topCategories']> {
  const [now, before] = await Promise.all([
    sumCategories(ctx.db, splitByMonths(range.from, range.to)),
    sumCategories(ctx.db, splitByMonths(range.previous.from, range.previous.to)),
  ]);
  const previous = new Map(before.map((row) => [row.category_id, row]));
  const top = now
    .filter((row) => row.revenue > 0)
    .sort((a, b) => b.revenue - a.revenue || (a.category_id < b.category_id ? -1 : 1))
    .slice(0, limit);
  const names = new Map(
    (
      await findCategoryNames(
        ctx.db,
        top.map((row) => row.category_id),
      )
    ).map((row) => [row.category_id, row.name]),
  );
  return top.map((row) => ({
    categoryId: row.category_id,
    name: names.get(row.category_id) ?? null,
    revenue: row.revenue,
    units: row.units,
    previous: { revenue: previous.get(row.category_id)?.revenue ?? 0, units: previous.get(row.category_id)?.units ?? 0 },
  }));
}

/** The ticketed events whose seats moved in the range, most seats sold first, with their fill rate at the range's end. */
async function eventsOf(ctx: AnalyticsContext, range: DashboardRange, limit: number): Promise<Summary['events']> {
  const now = (await sumEventSeats(ctx.db, range.from, range.to)).sort((a, b) => b.seats - a.seats || (a.event_id < b.event_id ? -1 : 1)).slice(0, limit);
  const ids = now.map((row) => row.event_id);
  const [before, details] = await Promise.all([sumEventSeats(ctx.db, range.previous.from, range.previous.to, ids), findTicketedEvents(ctx.db, ids)]);
  const previous = new Map(before.map((row) => [row.event_id, row]));
  const detailsOf = new Map(details.map((row) => [row.event_id, row]));
  const fill = (booked: number, capacity: number | null | undefined) => (capacity ? Math.round((booked / capacity) * 10_000) / 10_000 : null);
  return now.map((row) => {
    const event = detailsOf.get(row.event_id);
    const was = previous.get(row.event_id);
    return {
      eventId: row.event_id,
      title: event?.title ?? null,
      startsAt: event?.starts_at ? new Date(event.starts_at).toISOString() : null,
      capacity: event?.capacity ?? null,
      cancelled: event?.cancelled ?? false,
      seatsSold: { current: row.seats, previous: was?.seats ?? 0 },
      ticketRevenue: { current: row.revenue, previous: was?.revenue ?? 0 },
      fillRate: { current: fill(row.booked_by_end, event?.capacity), previous: fill(was?.booked_by_end ?? 0, event?.capacity) },
    };
  });
}

function byKey(entries: Ranked[]): Map<string, Ranked> {
  return new Map(entries.map((entry) => [entry.key, entry]));
}
