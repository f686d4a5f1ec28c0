import { addDays, periodsOf } from '../calendar/shop-calendar.ts';
import type { Period } from '../calendar/shop-calendar.ts';
import type { ShopDayRow } from './dashboard.repository.ts';

export type DayTotals = Omit<ShopDayRow, 'day'>;

const ZERO: DayTotals = {
  orders_placed: 0,
  orders_cancelled: 0,
  orders_fulfilled: 0,
  lines_placed: 0,
  lines_cancelled: 0,
  gross_revenue: 0,
  refunded_revenue: 0,
  units_sold: 0,
  units_returned: 0,
  seats_sold: 0,
  ticket_revenue: 0,
  other_currency_orders: 0,
};

/** The shop's day rows of a window, summed over any part of it (a day without a row is all zeros). */
export class DayTotalsOf {
  readonly #byDay: Map<string, ShopDayRow>;

  constructor(rows: ShopDayRow[]) {
    this.#byDay = new Map(rows.map((row) => [row.day, row]));
  }

  /** The sums over `from`..`to`, both counted. */
  over(from: string, to: string): DayTotals {
    const sum = { ...ZERO };
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const row = this.#byDay.get(day);
      if (row) for (const name of Object.keys(ZERO) as Array<keyof DayTotals>) sum[name] += Number(row[name]);
    }
    return sum;
  }

  /** The range cut into periods, each with its sums, and each with the period `shift` days before it. */
  periods(
    from: string,
    to: string,
    granularity: 'day' | 'week' | 'month',
    shift: number,
  ): Array<{ period: Period; totals: DayTotals; previous: Period; previousTotals: DayTotals }> {
    return periodsOf(from, to, granularity).map((period) => {
      const previous = { start: addDays(period.start, -shift), end: addDays(period.end, -shift) };
      return { period, totals: this.over(period.start, period.end), previous, previousTotals: this.over(previous.start, previous.end) };
    });
  }
}

/** Sales less what cancellations took back. */
export function netRevenue(totals: DayTotals): number {
  return totals.gross_revenue - totals.refunded_revenue;
}

export function netUnits(totals: DayTotals): number {
  return totals.units_sold - totals.units_returned;
}

/** Gross revenue per order placed, in whole minor units; null without orders. */
export function averageOrderValue(totals: DayTotals): number | null {
  return totals.orders_placed === 0 ? null : Math.round(totals.gross_revenue / totals.orders_placed);
}

/** Orders cancelled in the period per order placed in it, to four places; null without orders. */
export function cancellationRate(totals: DayTotals): number | null {
  return totals.orders_placed === 0 ? null : Math.round((totals.orders_cancelled / totals.orders_placed) * 10_000) / 10_000;
}
