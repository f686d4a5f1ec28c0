import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

export const ordersAndItems: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table orders (
        id uuid primary key,
        user_id uuid not null,
        status text not null constraint orders_status_check check (status in ('placed', 'cancelled', 'fulfilled')),
        total integer not null constraint orders_total_nonnegative check (total >= 0),
        currency char(3) not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`.execute(db);
    // A member's orders, newest first.
    await sql`create index orders_user_id_idx on orders (user_id, created_at desc, id desc)`.execute(db);
    await sql`
      create table order_items (
        order_id uuid not null references orders (id) on delete cascade,
        book_id uuid not null,
        -- as they were when the order was placed: later catalog changes must not rewrite history
        title text not null,
        unit_price integer not null,
        quantity integer not null constraint order_items_quantity_positive check (quantity > 0),
        primary key (order_id, book_id)
      )`.execute(db);
    // The orders of one book (staff view).
    await sql`create index order_items_book_id_idx on order_items (book_id, order_id)`.execute(db);
    await sql`
      create table idempotency_keys (
        user_id uuid not null,
        key text not null,
        request_hash text not null,
        order_id uuid not null,
        status_code integer,
        response jsonb,
        created_at timestamptz not null,
        primary key (user_id, key)
      )`.execute(db);
    await sql`create index idempotency_keys_created_at_idx on idempotency_keys (created_at)`.execute(db);
  },
};
