import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * Reservations: stock taken for an order that is not written yet. `held` until the order lands
 * (`committed`) or it is given back (`released`: cancelled, expired, or never placed).
 */
export const stockReservations: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      alter table books add column low_stock_threshold integer not null default 3
        constraint books_low_stock_threshold_nonnegative check (low_stock_threshold >= 0)`.execute(db);
    await sql`
      create table stock_reservations (
        order_id uuid primary key,
        status text not null constraint stock_reservations_status_check check (status in ('held', 'committed', 'released')),
        expires_at timestamptz not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`.execute(db);
    // The expiry job only ever looks for held reservations past their time.
    await sql`create index stock_reservations_held_expiry_idx on stock_reservations (expires_at) where status = 'held'`.execute(db);
    await sql`
      create table stock_reservation_lines (
        order_id uuid not null references stock_reservations (order_id) on delete cascade,
        -- no foreign key to books: a reservation is history, and deleting a book must not be blocked by it
        book_id uuid not null,
        quantity integer not null constraint stock_reservation_lines_quantity_positive check (quantity > 0),
        unit_price integer not null,
        currency char(3) not null,
        title text not null,
        primary key (order_id, book_id)
      )`.execute(db);
  },
};
