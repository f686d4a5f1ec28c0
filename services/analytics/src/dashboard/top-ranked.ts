import type { AnalyticsDb } from '../analytics.tables.ts';
import { addDays, nextMonth, splitByMonths } from '../calendar/shop-calendar.ts';
import { aggregateRanked, readRankedRows, sumRankedFor, TOP_OF_LIST } from './ranked.repository.ts';
import type { RankedCursor, RankedRollup } from './ranked.repository.ts';
import { topByThreshold } from './top-by-threshold.ts';
import type { Ranked } from './top-by-threshold.ts';

/**
 * Below this many rollup rows in a range (an upper bound from the day totals: one row per order
 * line or per order at most), the range's days are aggregated plainly: reading them whole costs
 * less than the rounds of the threshold algorithm. Measured (`npm run bench -- dashboard`): 30
 * days of a million-order shop are some 116,000 lines over 30 day lists, where a day's sales are
 * ones and twos, so the threshold algorithm reads deep into every list and looks up thousands of
 * totals (1.4 s on the loaded bench machine), while the plain aggregation reads 85,000 index
 * entries once (0.27 s). Above this a plain read would grow with the orders; the months' lists of a
 * long range are skewed enough for the threshold algorithm to stop early.
 */
export const PLAIN_AGGREGATION_ROWS = 150_000;

/**
 * The best `n` books by revenue or customers by spend over a range, exactly. A short range is
 * aggregated from its days; a longer one is cut into whole months and the days around them, each
 * a list read best first by the threshold algorithm, so the cost follows how far down the lists
 * the answer is, not how many orders the range holds.
 *
 * @example
 *   const top = await topRanked(db, 'books', { from: '2025-01-01', to: '2025-12-31' }, 10, 480_000);
 */
export async function topRanked(db: AnalyticsDb, rollup: RankedRollup, range: { from: string; to: string }, n: number, rowsAtMost: number): Promise<Ranked[]> {
  if (rowsAtMost <= PLAIN_AGGREGATION_ROWS) return aggregateRanked(db, rollup, range.from, range.to, n);
  const split = splitByMonths(range.from, range.to);
  const lists: Array<{ period: 'day' | 'month'; at: string }> = [
    ...daysOf(split.head).map((at) => ({ period: 'day' as const, at })),
    ...monthsOf(split.months).map((at) => ({ period: 'month' as const, at })),
    ...daysOf(split.tail).map((at) => ({ period: 'day' as const, at })),
  ];
  const indexOf = new Map(lists.map((list, index) => [`${list.period}|${list.at}`, index]));
  return topByThreshold(n, {
    lists: lists.length,
    readNext: async (reads) => {
      const cursorsOf = (period: 'day' | 'month'): RankedCursor[] =>
        reads
          .filter((read) => lists[read.list]!.period === period)
          .map((read) => ({
            at: lists[read.list]!.at,
            ...(read.after ? { afterMeasure: String(read.after.measure), afterKey: read.after.key } : TOP_OF_LIST),
            take: read.take,
          }));
      const [days, months] = await Promise.all([readRankedRows(db, rollup, 'day', cursorsOf('day')), readRankedRows(db, rollup, 'month', cursorsOf('month'))]);
      return [
        ...days.map((row) => ({ ...row, list: indexOf.get(`day|${row.at}`)! })),
        ...months.map((row) => ({ ...row, list: indexOf.get(`month|${row.at}`)! })),
      ];
    },
    totalsOf: (keys) => sumRankedFor(db, rollup, split, keys),
  });
}

/** Exact totals of the given keys over a range (the same figures for the period before, a book's own). */
export function totalsOver(db: AnalyticsDb, rollup: RankedRollup, range: { from: string; to: string }, keys: string[]): Promise<Ranked[]> {
  return sumRankedFor(db, rollup, splitByMonths(range.from, range.to), keys);
}

function daysOf(part: [string, string] | undefined): string[] {
  const days: string[] = [];
  if (part) for (let day = part[0]; day <= part[1]; day = addDays(day, 1)) days.push(day);
  return days;
}

function monthsOf(part: [string, string] | undefined): string[] {
  const months: string[] = [];
  if (part) for (let month = part[0]; month <= part[1]; month = nextMonth(month)) months.push(month);
  return months;
}
