import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * The dashboard's read model, built only from the events analytics consumes.
 *
 * - Reference rows (books, categories, customers, ticketed events): names, categories, stock and
 *   capacity, each kept with the id (a UUIDv7) of the newest event applied, so a late one changes nothing.
 * - A ledger per order and per booking: what was added to the rollups, so a cancellation takes
 *   back exactly that (lines, prices, the category at order time) whatever the order of delivery.
 * - Rollups per shop day: shop totals, per book, category, customer and ticketed event, and per
 *   month beside the days for books, categories and customers, so a long range reads months.
 *
 * Every index a dashboard query reads covers it (INCLUDE), so the queries are index-only scans.
 * Money is in minor units of the shop's currency, as int8: sums of a big shop pass 2^31.
 */
export const rollups: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table books (
        book_id uuid primary key,
        title text not null,
        -- null until a book event says it (an order can arrive before the book's first event)
        category_id uuid,
        stock integer,
        low_stock_threshold integer,
        deleted boolean not null default false,
        content_version uuid,
        stock_version uuid
      )`.execute(db);
    // The low-stock list: only books at or below their threshold are in it, lowest stock first.
    await sql`
      create index books_low_stock_idx on books (stock, book_id) include (title, low_stock_threshold)
      where stock <= low_stock_threshold and not deleted`.execute(db);
    await sql`create table categories (category_id uuid primary key, name text not null, version uuid not null)`.execute(db);
    await sql`create table customers (user_id uuid primary key, name text not null, version uuid not null)`.execute(db);
    await sql`
      create table ticketed_events (
        event_id uuid primary key,
        title text not null,
        starts_at timestamptz,
        capacity integer,
        cancelled boolean not null default false,
        version uuid
      )`.execute(db);

    await sql`
      create table orders (
        order_id uuid primary key,
        user_id uuid not null,
        -- in the shop's currency (only those reach the rollups)
        counted boolean not null default false,
        placed_on date,
        cancelled_on date,
        fulfilled_on date
      )`.execute(db);
    await sql`
      create table order_lines (
        order_id uuid not null references orders (order_id),
        line smallint not null,
        book_id uuid not null,
        -- the book's category when the order was placed; null while the book is unknown
        category_id uuid,
        quantity integer not null,
        unit_price bigint not null,
        primary key (order_id, line)
      )`.execute(db);
    // Lines whose book was not known yet: filed under its category when the book's first event comes.
    await sql`create index order_lines_uncategorised_idx on order_lines (book_id) where category_id is null`.execute(db);
    await sql`
      create table bookings (
        booking_id uuid primary key,
        -- every state of the booking seen so far, each with its event id, day, seats and total
        states jsonb not null default '[]'
      )`.execute(db);

    await sql`
      create table shop_days (
        day date primary key,
        orders_placed integer not null default 0,
        orders_cancelled integer not null default 0,
        orders_fulfilled integer not null default 0,
        lines_placed integer not null default 0,
        lines_cancelled integer not null default 0,
        gross_revenue bigint not null default 0,
        refunded_revenue bigint not null default 0,
        units_sold integer not null default 0,
        units_returned integer not null default 0,
        seats_sold integer not null default 0,
        ticket_revenue bigint not null default 0,
        -- orders in another currency than the shop's: counted, not added up (a booking's seats
        -- count whatever its currency; its money only in the shop's)
        other_currency_orders integer not null default 0
      )`.execute(db);

    for (const [table, period] of [
      ['book_days', 'day'],
      ['book_months', 'month'],
    ] as const) {
      await sql`
        create table ${sql.id(table)} (
          ${sql.id(period)} date not null,
          book_id uuid not null,
          revenue bigint not null,
          units integer not null,
          primary key (book_id, ${sql.id(period)}) include (revenue, units)
        )`.execute(db);
      // One period's books, best first (read backwards), and the plain aggregation of a short range.
      await sql`create index ${sql.id(`${table}_ranked_idx`)} on ${sql.id(table)} (${sql.id(period)}, revenue, book_id) include (units)`.execute(db);
    }
    for (const [table, period] of [
      ['customer_days', 'day'],
      ['customer_months', 'month'],
    ] as const) {
      await sql`
        create table ${sql.id(table)} (
          ${sql.id(period)} date not null,
          user_id uuid not null,
          spend bigint not null,
          orders integer not null,
          primary key (user_id, ${sql.id(period)}) include (spend, orders)
        )`.execute(db);
      await sql`create index ${sql.id(`${table}_ranked_idx`)} on ${sql.id(table)} (${sql.id(period)}, spend, user_id) include (orders)`.execute(db);
    }
    // Categories are few: a range's are aggregated plainly from its months and edge days.
    for (const [table, period] of [
      ['category_days', 'day'],
      ['category_months', 'month'],
    ] as const) {
      await sql`
        create table ${sql.id(table)} (
          ${sql.id(period)} date not null,
          category_id uuid not null,
          revenue bigint not null,
          units integer not null,
          primary key (${sql.id(period)}, category_id) include (revenue, units)
        )`.execute(db);
    }
    await sql`
      create table event_days (
        day date not null,
        event_id uuid not null,
        seats integer not null,
        revenue bigint not null,
        primary key (event_id, day) include (seats, revenue)
      )`.execute(db);
    await sql`create index event_days_day_idx on event_days (day, event_id) include (seats, revenue)`.execute(db);
    await sql`
      create table book_stock_days (
        book_id uuid not null,
        day date not null,
        restocked integer not null default 0,
        corrected integer not null default 0,
        reserved integer not null default 0,
        released integer not null default 0,
        sold integer not null default 0,
        -- the stock after the day's newest movement, and that movement's event id
        closing_stock integer not null,
        closing_version uuid not null,
        primary key (book_id, day) include (restocked, corrected, reserved, released, sold, closing_stock)
      )`.execute(db);
  },
};
