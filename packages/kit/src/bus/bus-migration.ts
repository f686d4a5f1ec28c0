import { sql } from 'kysely';
import type { Migration } from '../db/migrate.ts';

/**
 * The tables the bus needs in a service's schema: `outbox` (events waiting for the relay),
 * `inbox` (event ids each consumer has applied) and `dead_letter` (events a consumer gave up on).
 * A service that only publishes or only consumes carries the other tables empty; one migration
 * keeps every service's list the same.
 *
 * @example
 *   await migrateToLatest(database, 'orders', { '0001_orders': orders, '0002_bus': busMigration });
 */
export const busMigration: Migration = {
  up: async (db) => {
    const statements = [
      sql`create table outbox (
        seq bigint generated always as identity primary key,
        event_id uuid not null,
        type text not null,
        envelope jsonb not null,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`,
      // The relay reads only what is pending, in order; cleanup reads only what was sent.
      sql`create index outbox_pending_idx on outbox (seq) where published_at is null`,
      sql`create index outbox_published_idx on outbox (published_at) where published_at is not null`,
      sql`create table inbox (
        consumer_id text not null,
        event_id uuid not null,
        received_at timestamptz not null default now(),
        primary key (consumer_id, event_id)
      )`,
      sql`create index inbox_received_idx on inbox (consumer_id, received_at)`,
      sql`create table dead_letter (
        id uuid primary key,
        consumer_id text not null,
        event_id uuid not null,
        type text not null,
        envelope jsonb not null,
        error text not null,
        attempts int not null,
        failed_at timestamptz not null default now(),
        constraint dead_letter_consumer_event_key unique (consumer_id, event_id)
      )`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
