import { sql } from 'kysely';
import type { ColumnType, Kysely, Selectable } from 'kysely';

/** One step of a rebuild as its run records it. */
export interface RebuildStepProgress {
  name: string;
  state: 'waiting' | 'running' | 'done';
  /** What it has written or applied so far: books, events, orders, bookings. */
  items: number;
}

export type RebuildState = 'running' | 'succeeded' | 'failed';

/**
 * Rows of a service's `rebuilds`: one run of rebuilding its read models from their owners. Its
 * migration makes the table, with a partial unique index that lets one run be `running`.
 */
export interface RebuildTable {
  id: string;
  state: RebuildState;
  /** Set once the shadow schema is ready: the consumers then apply each event to it too. */
  capturing: ColumnType<boolean, boolean | undefined, boolean>;
  steps: RebuildStepProgress[];
  error: string | null;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
}

/** What a service's schema must hold for its rebuilds to run. */
export interface RebuildsTables {
  rebuilds: RebuildTable;
}

export type RebuildRow = Selectable<RebuildTable>;

/** A service's schema (or a transaction on it) seen as its `rebuilds` table alone. */
const runs = <Tables extends RebuildsTables>(db: Kysely<Tables>) => db as unknown as Kysely<RebuildsTables>;

/** Steps travel as JSON text: `pg` would send a JavaScript array as a PostgreSQL array. */
const stepsJson = (steps: RebuildStepProgress[]) => sql<RebuildStepProgress[]>`cast(${JSON.stringify(steps)} as jsonb)`;

/**
 * Records a new run as running, unless one runs already (the partial unique index allows one):
 * the row when it was claimed, `undefined` when another run holds the claim.
 */
export async function claimRebuild<Tables extends RebuildsTables>(
  db: Kysely<Tables>,
  run: { id: string; steps: RebuildStepProgress[]; at: Date },
): Promise<RebuildRow | undefined> {
  return runs(db)
    .insertInto('rebuilds')
    .values({ id: run.id, state: 'running', steps: stepsJson(run.steps), started_at: run.at, heartbeat_at: run.at })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findRebuild<Tables extends RebuildsTables>(db: Kysely<Tables>, id: string): Promise<RebuildRow | undefined> {
  return runs(db).selectFrom('rebuilds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRunningRebuild<Tables extends RebuildsTables>(db: Kysely<Tables>): Promise<RebuildRow | undefined> {
  return runs(db).selectFrom('rebuilds').selectAll().where('state', '=', 'running').executeTakeFirst();
}

/** Whether a running rebuild captures events: the consumers' question, asked under the swap lock. */
export async function isRebuildCapturing<Tables extends RebuildsTables>(db: Kysely<Tables>): Promise<boolean> {
  const row = await runs(db).selectFrom('rebuilds').select('id').where('state', '=', 'running').where('capturing', '=', true).executeTakeFirst();
  return row !== undefined;
}

/** The run starts capturing events into the shadow; false when it is no longer running (taken over). */
export async function startCapturing<Tables extends RebuildsTables>(db: Kysely<Tables>, id: string, at: Date): Promise<boolean> {
  const updated = await runs(db)
    .updateTable('rebuilds')
    .set({ capturing: true, heartbeat_at: at })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Records how far the run's steps are; false when it is no longer running (taken over). */
export async function recordRebuildProgress<Tables extends RebuildsTables>(
  db: Kysely<Tables>,
  id: string,
  steps: RebuildStepProgress[],
  at: Date,
): Promise<boolean> {
  const updated = await runs(db)
    .updateTable('rebuilds')
    .set({ steps: stepsJson(steps), heartbeat_at: at })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/**
 * Ends a running run (it stops capturing); false when it was not running any more, so whoever
 * ended it first owns what is left of it (the shadow schema).
 */
export async function finishRebuild<Tables extends RebuildsTables>(
  db: Kysely<Tables>,
  id: string,
  outcome: { state: 'succeeded' | 'failed'; error: string | null; steps?: RebuildStepProgress[] },
  at: Date,
): Promise<boolean> {
  const updated = await runs(db)
    .updateTable('rebuilds')
    .set({
      state: outcome.state,
      capturing: false,
      error: outcome.error,
      ...(outcome.steps ? { steps: stepsJson(outcome.steps) } : {}),
      heartbeat_at: at,
      finished_at: at,
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}
