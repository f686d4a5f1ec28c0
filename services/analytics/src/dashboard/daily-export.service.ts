import { stringify } from 'csv-stringify/sync';
import type { AnalyticsContext } from '../analytics-context.ts';
import { addDays } from '../calendar/shop-calendar.ts';
import { resolveRange, shopToday } from './dashboard-range.ts';
import { findShopDays } from './dashboard.repository.ts';
import type { RangeQuery } from './dashboard.schema.ts';
import { averageOrderValue, DayTotalsOf, netRevenue, netUnits } from './day-totals.ts';

const COLUMNS = [
  'day',
  'currency',
  'orders',
  'cancelled_orders',
  'fulfilled_orders',
  'revenue',
  'gross_revenue',
  'refunded_revenue',
  'units',
  'units_sold',
  'units_returned',
  'average_order_value',
  'seats_sold',
  'ticket_revenue',
  'orders_in_other_currencies',
];

/**
 * The shop's figures of every day of a range, one CSV row per day (days without sales too), for a
 * spreadsheet: amounts in minor units of the currency, as everywhere in the API. One index scan of
 * the day table (a row per day), so it is not cached.
 */
export async function exportDailyFigures(ctx: AnalyticsContext, query: RangeQuery): Promise<{ filename: string; csv: string }> {
  const range = resolveRange(query, { today: shopToday(ctx.now(), ctx.settings.ANALYTICS_TIME_ZONE), maxDays: ctx.settings.ANALYTICS_MAX_RANGE_DAYS });
  const days = new DayTotalsOf(await findShopDays(ctx.db, range.from, range.to));
  const records: Array<Array<string | number>> = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const totals = days.over(day, day);
    records.push([
      day,
      ctx.settings.ANALYTICS_CURRENCY,
      totals.orders_placed,
      totals.orders_cancelled,
      totals.orders_fulfilled,
      netRevenue(totals),
      totals.gross_revenue,
      totals.refunded_revenue,
      netUnits(totals),
      totals.units_sold,
      totals.units_returned,
      averageOrderValue(totals) ?? '',
      totals.seats_sold,
      totals.ticket_revenue,
      totals.other_currency_orders,
    ]);
  }
  return {
    filename: `pustaka-daily-${range.from}-to-${range.to}.csv`,
    csv: stringify(records, { header: true, columns: COLUMNS, record_delimiter: 'windows' }),
  };
}
