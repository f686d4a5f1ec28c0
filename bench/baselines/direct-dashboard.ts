import { sql } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import type { QueryResult, RawBuilder } from 'kysely';

/**
 * Runs a statement with a longer timeout than the kit's 15 s: a year of a million orders takes
 * that long on a loaded machine, and the baseline must be measured, not cut off.
 */
function unhurried<T>(db: Database, query: RawBuilder<T>): Promise<QueryResult<T>> {
  return db.root.transaction().execute(async (trx) => {
    await sql`set local statement_timeout = '120s'`.execute(trx);
    return query.execute(trx);
  });
}

/** A range as the dashboard resolves it: its shop days and the period of equal length before. */
export interface DirectRange {
  from: string;
  to: string;
  previousFrom: string;
}

export interface DirectFigure {
  current: number;
  previous: number;
}

export interface DirectTop {
  key: string;
  measure: number;
  count: number;
  previous: { measure: number; count: number };
}

/** The summary's sales figures as a shop without rollups computes them. */
export interface DirectSummary {
  totals: { revenue: DirectFigure; orders: DirectFigure; cancelledOrders: DirectFigure; units: DirectFigure };
  /** Net revenue per shop day of the range and the period before (the periods are summed from them). */
  days: Array<{ day: string; revenue: number; orders: number; units: number }>;
  topBooks: DirectTop[];
  topCategories: DirectTop[];
  topCustomers: DirectTop[];
}

/**
 * The baseline of `npm run bench -- dashboard`: the summary's sales figures the way a simple
 * implementation computes them, straight from the orders service's `orders` and `order_items`
 * (and the catalog's books for their categories), with the indexes it would add (the orders of a
 * range of placement or of cancellation, covering; the items of an order, covering; see
 * `fillDashboardShop`). Same meaning as analytics': an order counts on the shop day it was
 * placed, and a cancellation takes its figures back on the day it happened. The day totals and
 * the three top lists are four statements run side by side, as analytics runs its parts.
 */
export async function directSummary(db: Database, range: DirectRange, timeZone: string, limit: number): Promise<DirectSummary> {
  const lo = sql`(${range.previousFrom}::date)::timestamp at time zone ${timeZone}`;
  const mid = sql`(${range.from}::date)::timestamp at time zone ${timeZone}`;
  const hi = sql`(${range.to}::date + 1)::timestamp at time zone ${timeZone}`;
  // Every order line moved in the window: placed (+) on its placement, cancelled (−) on its cancellation.
  const lines = sql`
    select o.created_at as at, o.user_id, i.book_id, i.unit_price::int8 * i.quantity as revenue, i.quantity as units
    from orders.orders o join orders.order_items i on i.order_id = o.id
    where o.created_at >= ${lo} and o.created_at < ${hi}
    union all
    select o.updated_at, o.user_id, i.book_id, -(i.unit_price::int8 * i.quantity), -i.quantity
    from orders.orders o join orders.order_items i on i.order_id = o.id
    where o.status = 'cancelled' and o.updated_at >= ${lo} and o.updated_at < ${hi}`;
  const top = (key: ReturnType<typeof sql>, from: ReturnType<typeof sql>, count: ReturnType<typeof sql>) =>
    unhurried(
      db,
      sql<{ key: string; measure: string; count: string; previous_measure: string; previous_count: string }>`
      select ${key} as key,
        coalesce(sum(l.revenue) filter (where l.at >= ${mid}), 0)::int8 as measure,
        coalesce(sum(${count}) filter (where l.at >= ${mid}), 0)::int8 as count,
        coalesce(sum(l.revenue) filter (where l.at < ${mid}), 0)::int8 as previous_measure,
        coalesce(sum(${count}) filter (where l.at < ${mid}), 0)::int8 as previous_count
      from ${from}
      group by 1
      having coalesce(sum(l.revenue) filter (where l.at >= ${mid}), 0) > 0
      order by measure desc, key
      limit ${limit}`,
    );
  const [days, books, categories, customers] = await Promise.all([
    unhurried(
      db,
      sql<{ day: string; orders: string; cancelled: string; revenue: string; units: string }>`
      select (l.at at time zone ${timeZone})::date::text as day,
        count(*) filter (where l.sign = 1) as orders, count(*) filter (where l.sign = -1) as cancelled,
        sum(l.sign * l.total)::int8 as revenue, sum(l.sign * u.units)::int8 as units
      from (
        select o.created_at as at, 1 as sign, o.total::int8 as total, o.id from orders.orders o
        where o.created_at >= ${lo} and o.created_at < ${hi}
        union all
        select o.updated_at, -1, o.total, o.id from orders.orders o
        where o.status = 'cancelled' and o.updated_at >= ${lo} and o.updated_at < ${hi}
      ) l
      cross join lateral (select sum(i.quantity) as units from orders.order_items i where i.order_id = l.id) u
      group by 1
      order by 1`,
    ),
    top(sql`l.book_id`, sql`(${lines}) l`, sql`l.units`),
    top(sql`b.category_id`, sql`(${lines}) l join catalog.books b on b.id = l.book_id`, sql`l.units`),
    // A customer's orders: +1 on a placement, −1 on a cancellation, counted once per order.
    top(
      sql`l.user_id`,
      sql`(
        select o.created_at as at, o.user_id, o.total::int8 as revenue, 1 as orders
        from orders.orders o where o.created_at >= ${lo} and o.created_at < ${hi}
        union all
        select o.updated_at, o.user_id, -o.total::int8, -1
        from orders.orders o where o.status = 'cancelled' and o.updated_at >= ${lo} and o.updated_at < ${hi}) l`,
      sql`l.orders`,
    ),
  ]);
  const dayRows = days.rows.map((row) => ({
    day: row.day,
    revenue: Number(row.revenue),
    orders: Number(row.orders),
    cancelled: Number(row.cancelled),
    units: Number(row.units),
  }));
  const figure = (of: (row: (typeof dayRows)[number]) => number): DirectFigure => ({
    current: dayRows.filter((row) => row.day >= range.from).reduce((sum, row) => sum + of(row), 0),
    previous: dayRows.filter((row) => row.day < range.from).reduce((sum, row) => sum + of(row), 0),
  });
  const tops = (rows: typeof books.rows): DirectTop[] =>
    rows.map((row) => ({
      key: row.key,
      measure: Number(row.measure),
      count: Number(row.count),
      previous: { measure: Number(row.previous_measure), count: Number(row.previous_count) },
    }));
  return {
    totals: {
      revenue: figure((row) => row.revenue),
      orders: figure((row) => row.orders),
      cancelledOrders: figure((row) => row.cancelled),
      units: figure((row) => row.units),
    },
    days: dayRows.map(({ day, revenue, orders, units }) => ({ day, revenue, orders, units })),
    topBooks: tops(books.rows),
    topCategories: tops(categories.rows),
    topCustomers: tops(customers.rows),
  };
}
