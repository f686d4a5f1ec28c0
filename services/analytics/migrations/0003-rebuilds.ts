import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * The runs of `npm run rebuild -- analytics` (and its admin route): each rebuilds the rollups from
 * the owners' listings in a schema of its own, then swaps them in. At most one runs at a time,
 * across replicas.
 */
export const rebuilds: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table rebuilds (
        id uuid primary key,
        state text not null constraint rebuilds_state_check check (state in ('running', 'succeeded', 'failed')),
        -- true once the shadow schema is ready: from then on the consumer applies every event to it too
        capturing boolean not null default false,
        -- each step's name, state and items so far, in pipeline order
        steps jsonb not null,
        error text,
        started_at timestamptz not null,
        -- moved on after every page: a run that stops moving was abandoned (its process died)
        heartbeat_at timestamptz not null,
        finished_at timestamptz
      )`.execute(db);
    await sql`create unique index rebuilds_one_running_idx on rebuilds ((true)) where state = 'running'`.execute(db);
  },
};
