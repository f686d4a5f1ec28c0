import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from '../db/migrate.ts';

/**
 * The `rebuilds` table the rebuild runs' SQL samples run against: as each service's own migration
 * makes it (those stay in the services, as applied history).
 */
const rebuildsTable: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table rebuilds (
        id uuid primary key,
        state text not null constraint rebuilds_state_check check (state in ('running', 'succeeded', 'failed')),
        capturing boolean not null default false,
        steps jsonb not null,
        error text,
        started_at timestamptz not null,
        heartbeat_at timestamptz not null,
        finished_at timestamptz
      )`.execute(db);
    await sql`create unique index rebuilds_one_running_idx on rebuilds ((true)) where state = 'running'`.execute(db);
  },
};

export const rebuildSampleSchema = { schema: 'rebuilding_service', migrations: { '0001_rebuilds': rebuildsTable } as Record<string, Migration> };

export const sampleNow = new Date('2030-01-01T10:00:00.000Z');
