import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * Events with their seats, holds and bookings, and the members' calendar feed tokens. A seat row
 * is the single place that says who has a seat: at most one hold or one booking, enforced here.
 */
export const eventsSeatsBookings: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table events (
        id uuid primary key,
        title text not null,
        description text not null,
        venue text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        timezone text not null,
        sales_open_at timestamptz,
        status text not null constraint events_status_check check (status in ('draft', 'published', 'cancelled')),
        kind text not null constraint events_kind_check check (kind in ('seated', 'general')),
        -- seats for sale: general admission's capacity, or a seated layout's unblocked seats
        capacity integer not null constraint events_capacity_nonnegative check (capacity >= 0),
        currency char(3) not null,
        -- the layout as staff declared it; its seats are rows of seats
        seating jsonb not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        published_at timestamptz,
        cancelled_at timestamptz,
        constraint events_ends_after_start check (ends_at > starts_at),
        constraint events_sales_open_before_start check (sales_open_at is null or sales_open_at < starts_at)
      )`.execute(db);
    // The public list: published events by start time; id closes the sort so pages are stable.
    await sql`create index events_listing_idx on events (status, starts_at, id)`.execute(db);

    await sql`
      create table holds (
        id uuid primary key,
        event_id uuid not null references events (id),
        user_id uuid not null,
        -- what the hold took (empty for general admission); the seats themselves point back at it
        seat_ids text[] not null,
        quantity integer not null constraint holds_quantity_positive check (quantity > 0),
        -- the price quoted when the seats were taken; the booking charges exactly this
        total integer not null constraint holds_total_nonnegative check (total >= 0),
        currency char(3) not null,
        status text not null constraint holds_status_check check (status in ('active', 'booked', 'released', 'expired', 'cancelled')),
        expires_at timestamptz not null,
        idempotency_key text,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        constraint holds_user_idempotency_key unique (user_id, idempotency_key)
      )`.execute(db);
    // The sweep looks only at active holds past their time; counts look at a member's active holds.
    await sql`create index holds_active_expiry_idx on holds (expires_at) where status = 'active'`.execute(db);
    await sql`create index holds_active_event_member_idx on holds (event_id, user_id) where status = 'active'`.execute(db);

    await sql`
      create table bookings (
        id uuid primary key,
        code text not null constraint bookings_code_key unique,
        event_id uuid not null references events (id),
        user_id uuid not null,
        -- a hold becomes at most one booking: booking it again finds this one
        hold_id uuid not null constraint bookings_hold_id_key unique references holds (id),
        status text not null constraint bookings_status_check check (status in ('confirmed', 'cancelled')),
        seat_ids text[] not null,
        quantity integer not null constraint bookings_quantity_positive check (quantity > 0),
        total integer not null constraint bookings_total_nonnegative check (total >= 0),
        currency char(3) not null,
        -- bumped on every change a calendar must pick up (RFC 5545 SEQUENCE)
        sequence integer not null default 0,
        idempotency_key text,
        reminded_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        cancelled_at timestamptz,
        constraint bookings_user_idempotency_key unique (user_id, idempotency_key)
      )`.execute(db);
    await sql`create index bookings_user_idx on bookings (user_id, created_at desc, id desc)`.execute(db);
    await sql`create index bookings_confirmed_event_idx on bookings (event_id, user_id) where status = 'confirmed'`.execute(db);
    await sql`create index bookings_reminder_due_idx on bookings (event_id) where status = 'confirmed' and reminded_at is null`.execute(db);

    await sql`
      create table seats (
        event_id uuid not null references events (id) on delete cascade,
        seat_id text not null,
        -- order on the seat map: sections, then rows, then numbers, as declared
        position integer not null,
        section text not null,
        row_label text not null,
        number integer not null,
        price integer not null constraint seats_price_nonnegative check (price >= 0),
        blocked boolean not null default false,
        hold_id uuid references holds (id),
        hold_expires_at timestamptz,
        booking_id uuid references bookings (id),
        primary key (event_id, seat_id),
        constraint seats_one_owner check (hold_id is null or booking_id is null),
        constraint seats_hold_expiry check ((hold_id is null) = (hold_expires_at is null)),
        constraint seats_blocked_unsold check (not blocked or (hold_id is null and booking_id is null))
      )`.execute(db);
    await sql`create index seats_hold_idx on seats (hold_id) where hold_id is not null`.execute(db);
    await sql`create index seats_booking_idx on seats (booking_id) where booking_id is not null`.execute(db);

    await sql`
      create table calendar_tokens (
        user_id uuid primary key,
        -- only a hash: the token itself is a secret shown once to its member
        token_hash text not null constraint calendar_tokens_token_hash_key unique,
        created_at timestamptz not null
      )`.execute(db);
  },
};
