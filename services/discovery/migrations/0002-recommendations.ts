import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * The recommendations read model, kept from `order.placed`/`order.cancelled` and
 * `booking.confirmed`/`booking.cancelled`: what is known of each order and booking (to take a
 * cancellation back exactly, and to drop a placement whose cancellation came first), sales per
 * book (all time, per day for the last 90 days, and per window), co-purchase and co-booking counts
 * per pair, and what each member bought and booked. Every answer reads one of their indexes.
 */
export const recommendations: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table purchase_orders (
        order_id uuid primary key,
        user_id uuid not null,
        -- null while only the order's cancellation is known
        placed_at timestamptz,
        cancelled boolean not null,
        -- the order's books and their quantities, while it counts (placed and not cancelled)
        book_ids uuid[] not null,
        quantities integer[] not null,
        constraint purchase_orders_lines_check check (cardinality(book_ids) = cardinality(quantities))
      )`.execute(db);

    // score: the sum over the book's sales of units · 2^((placed_at − landmark) / half-life), so a
    // newer sale weighs more and the order never has to be worked out again.
    await sql`
      create table book_sales (
        book_id uuid primary key,
        units integer not null,
        score float8 not null
      )`.execute(db);
    await sql`create index book_sales_score_idx on book_sales (score desc, book_id)`.execute(db);

    // One row per book and day (UTC) of a sale in the longest window: what each window lets go of
    // when the day falls out of it.
    await sql`
      create table book_sales_days (
        day date not null,
        book_id uuid not null,
        units integer not null,
        score float8 not null,
        primary key (day, book_id)
      )`.execute(db);
    await sql`
      create table book_sales_windows (
        days integer not null,
        book_id uuid not null,
        units integer not null,
        score float8 not null,
        primary key (days, book_id)
      )`.execute(db);
    await sql`create index book_sales_windows_score_idx on book_sales_windows (days, score desc, book_id)`.execute(db);
    // The last day the windows end on: a window of n days holds the sales of the n days up to it
    // (and of any later day), moved on by a scheduled job.
    await sql`
      create table sales_windows (
        id boolean primary key default true constraint sales_windows_one_row check (id),
        today date not null
      )`.execute(db);
    await sql`insert into sales_windows (today) values ((now() at time zone 'utc')::date)`.execute(db);

    // Ordered pairs: an order with k distinct books adds k·(k − 1) rows, each once.
    await sql`
      create table book_pairs (
        book_id uuid not null,
        paired_book_id uuid not null,
        orders integer not null,
        primary key (book_id, paired_book_id)
      )`.execute(db);
    await sql`create index book_pairs_orders_idx on book_pairs (book_id, orders desc, paired_book_id)`.execute(db);

    // score as in book_sales, one unit per order: the member's recent books weigh more.
    await sql`
      create table member_books (
        user_id uuid not null,
        book_id uuid not null,
        orders integer not null,
        score float8 not null,
        primary key (user_id, book_id)
      )`.execute(db);
    await sql`create index member_books_score_idx on member_books (user_id, score desc, book_id)`.execute(db);

    await sql`
      create table booking_states (
        booking_id uuid primary key,
        user_id uuid not null,
        event_id uuid not null,
        confirmed boolean not null,
        cancelled boolean not null
      )`.execute(db);
    // A member's bookings per event, while they hold one that is not cancelled.
    await sql`
      create table member_events (
        user_id uuid not null,
        event_id uuid not null,
        bookings integer not null,
        primary key (user_id, event_id)
      )`.execute(db);
    // Ordered pairs of events, counting the members who hold a booking for both.
    await sql`
      create table event_pairs (
        event_id uuid not null,
        paired_event_id uuid not null,
        members integer not null,
        primary key (event_id, paired_event_id)
      )`.execute(db);
    await sql`create index event_pairs_members_idx on event_pairs (event_id, members desc, paired_event_id)`.execute(db);

    // The fallbacks: a category's books newest first, and the events still to come, soonest first.
    await sql`create index documents_book_category_idx on documents (category_id, id desc) where type = 'book' and searchable`.execute(db);
    await sql`create index documents_event_starts_idx on documents (starts_at, id) where type = 'event' and searchable`.execute(db);
  },
};
