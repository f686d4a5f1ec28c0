import { sql } from '@pustaka/kit/db';
import type { RawBuilder } from 'kysely';
import type { AnalyticsDb } from '../analytics.tables.ts';
import type { MonthSplit } from '../calendar/shop-calendar.ts';

/**
 * The rollups ranked by a measure: books by revenue, customers by spend, each per day and per
 * month. Their tables are named here, so these statements are written as SQL with the schema
 * spelled out.
 */
export const RANKED_ROLLUPS = {
  books: { days: 'analytics.book_days', months: 'analytics.book_months', key: 'book_id', measure: 'revenue', count: 'units' },
  customers: { days: 'analytics.customer_days', months: 'analytics.customer_months', key: 'user_id', measure: 'spend', count: 'orders' },
} as const;
export type RankedRollup = keyof typeof RANKED_ROLLUPS;

/** One row of a ranked rollup: whose (`key`), how much (`measure`: revenue, spend) and how many (`count`: units, orders). */
export interface RankedRow {
  key: string;
  measure: number;
  count: number;
}

/** Where to go on reading one period's list: after the row (`afterMeasure`, `afterKey`), `take` more. */
export interface RankedCursor {
  /** The day or month (its first day). */
  at: string;
  afterMeasure: string;
  afterKey: string;
  take: number;
}

/** Before every row: a cursor that starts at the top of its list. */
export const TOP_OF_LIST = { afterMeasure: '9223372036854775807', afterKey: 'ffffffff-ffff-ffff-ffff-ffffffffffff' } as const;

/**
 * The next rows of several periods' lists, best first, in one statement: for each cursor, the
 * `take` rows after it through the ranked index, read backwards (an index-only scan per period).
 */
export async function readRankedRows(
  db: AnalyticsDb,
  rollup: RankedRollup,
  period: 'day' | 'month',
  cursors: RankedCursor[],
): Promise<Array<RankedRow & { at: string }>> {
  if (cursors.length === 0) return [];
  const { key, measure, count, ...tables } = RANKED_ROLLUPS[rollup];
  const table = sql.table(period === 'day' ? tables.days : tables.months);
  const at = sql.ref(`t.${period}`);
  const result = await sql<{ at: string; key: string; measure: number; count: number }>`
    select s.at::text as at, r.key, r.measure, r.count
    from unnest(${cursors.map((cursor) => cursor.at)}::date[], ${cursors.map((cursor) => cursor.afterMeasure)}::int8[],
                ${cursors.map((cursor) => cursor.afterKey)}::uuid[], ${cursors.map((cursor) => cursor.take)}::int4[])
      as s (at, after_measure, after_key, take)
    cross join lateral (
      select t.${sql.ref(key)} as key, t.${sql.ref(measure)} as measure, t.${sql.ref(count)}::int8 as count
      from ${table} as t
      where ${at} = s.at and (t.${sql.ref(measure)}, t.${sql.ref(key)}) < (s.after_measure, s.after_key)
      order by t.${sql.ref(measure)} desc, t.${sql.ref(key)} desc
      limit s.take
    ) as r`.execute(db);
  return result.rows.map(toRanked);
}

/**
 * The exact totals of the given keys over a range: its whole months from the monthly rollup, the
 * days around them from the daily one, each an index-only lookup per key.
 */
export async function sumRankedFor(db: AnalyticsDb, rollup: RankedRollup, split: MonthSplit, keys: string[]): Promise<RankedRow[]> {
  if (keys.length === 0) return [];
  const { key, measure, count, days, months } = RANKED_ROLLUPS[rollup];
  const part = (table: string, period: string, [from, to]: [string, string]) => sql`
    select t.${sql.ref(key)} as key, t.${sql.ref(measure)} as measure, t.${sql.ref(count)} as count
    from ${sql.table(table)} as t
    where t.${sql.ref(key)} = any(${keys}::uuid[]) and t.${sql.ref(period)} between ${from}::date and ${to}::date`;
  const parts: RawBuilder<unknown>[] = [
    ...(split.head ? [part(days, 'day', split.head)] : []),
    ...(split.months ? [part(months, 'month', split.months)] : []),
    ...(split.tail ? [part(days, 'day', split.tail)] : []),
  ];
  const result = await sql<{ key: string; measure: number; count: number }>`
    select parts.key, sum(parts.measure)::int8 as measure, sum(parts.count)::int8 as count
    from (${sql.join(parts, sql` union all `)}) as parts
    group by parts.key`.execute(db);
  return result.rows.map(toRanked);
}

/** The best `limit` of a short range, aggregated plainly from its days (an index-only scan of the ranked index). */
export async function aggregateRanked(db: AnalyticsDb, rollup: RankedRollup, from: string, to: string, limit: number): Promise<RankedRow[]> {
  const { key, measure, count, days } = RANKED_ROLLUPS[rollup];
  const result = await sql<{ key: string; measure: number; count: number }>`
    select t.${sql.ref(key)} as key, sum(t.${sql.ref(measure)})::int8 as measure, sum(t.${sql.ref(count)})::int8 as count
    from ${sql.table(days)} as t
    where t.day between ${from}::date and ${to}::date
    group by t.${sql.ref(key)}
    having sum(t.${sql.ref(measure)}) > 0
    order by measure desc, key
    limit ${limit}`.execute(db);
  return result.rows.map(toRanked);
}

// int8 is a number on both drivers (the kit sets the parser); a sum is cast back to int8.
function toRanked<T extends { key: string; measure: number | string; count: number | string }>(row: T): T & RankedRow {
  return { ...row, measure: Number(row.measure), count: Number(row.count) };
}
