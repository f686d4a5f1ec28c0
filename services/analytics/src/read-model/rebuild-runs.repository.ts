import { sql } from '@pustaka/kit/db';
import type { Selectable } from '@pustaka/kit/db';
import type { AnalyticsDb, RebuildStepProgress, RebuildTable } from '../analytics.tables.ts';

export type RebuildRow = Selectable<RebuildTable>;

/** Steps travel as JSON text: `pg` would send a JavaScript array as a PostgreSQL array. */
const stepsJson = (steps: RebuildStepProgress[]) => sql<RebuildStepProgress[]>`cast(${JSON.stringify(steps)} as jsonb)`;

/**
 * Records a new run as running, unless one runs already (the partial unique index allows one):
 * the row when it was claimed, `undefined` when another run holds the claim.
 */
export async function claimRebuild(db: AnalyticsDb, run: { id: string; steps: RebuildStepProgress[]; at: Date }): Promise<RebuildRow | undefined> {
  return db
    .insertInto('rebuilds')
    .values({ id: run.id, state: 'running', steps: stepsJson(run.steps), started_at: run.at, heartbeat_at: run.at })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findRebuild(db: AnalyticsDb, id: string): Promise<RebuildRow | undefined> {
  return db.selectFrom('rebuilds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRunningRebuild(db: AnalyticsDb): Promise<RebuildRow | undefined> {
  return db.selectFrom('rebuilds').selectAll().where('state', '=', 'running').executeTakeFirst();
}

/** Whether a running rebuild captures events: the consumer' question, asked under the swap lock. */
export async function isRebuildCapturing(db: AnalyticsDb): Promise<boolean> {
  const row = await db.selectFrom('rebuilds').select('id').where('state', '=', 'running').where('capturing', '=', true).executeTakeFirst();
  return row !== undefined;
}

/** The run starts capturing events into the shadow; false when it is no longer running (taken over). */
export async function startCapturing(db: AnalyticsDb, id: string, at: Date): Promise<boolean> {
  const updated = await db
    .updateTable('rebuilds')
    .set({ capturing: true, heartbeat_at: at })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Records how far the run's steps are; false when it is no longer running (taken over). */
export async function recordRebuildProgress(db: AnalyticsDb, id: string, steps: RebuildStepProgress[], at: Date): Promise<boolean> {
  const updated = await db
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
export async function finishRebuild(
  db: AnalyticsDb,
  id: string,
  outcome: { state: 'succeeded' | 'failed'; error: string | null; steps?: RebuildStepProgress[] },
  at: Date,
): Promise<boolean> {
  const updated = await db
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
