import type { Kysely } from 'kysely';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../db/ids.ts';
import { failRun, runRebuild } from './rebuild-pipeline.ts';
import type { RebuildStep, RebuildTarget } from './rebuild-pipeline.ts';
import { claimRebuild, findRebuild, findRunningRebuild } from './rebuild-runs.ts';
import type { RebuildRow, RebuildState, RebuildStepProgress, RebuildsTables } from './rebuild-runs.ts';

/**
 * A running run whose heartbeat (it moves after every page) is older than this was abandoned: its
 * process died. The next request takes it over. A page takes seconds, never minutes.
 */
const ABANDONED_AFTER_MS = 120_000;

/** A run as the admin routes and commands show it (each service's `RebuildRun` schema has this shape). */
export interface RebuildRun {
  id: string;
  state: RebuildState;
  steps: RebuildStepProgress[];
  error: string | null;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
}

/** Rebuilds of a service's read models, one at a time across every replica. */
export interface Rebuilds {
  /** Claims a run and runs it in the background: the run as it starts. Refused with 409 REBUILD_RUNNING while one runs. */
  start(): Promise<RebuildRun>;
  /** Claims a run and runs it to its end: the run as it ended. Refused with 409 REBUILD_RUNNING while one runs. */
  run(onProgress?: (steps: readonly RebuildStepProgress[]) => void | Promise<void>): Promise<RebuildRun>;
  /** Stops the runs of this process between two pages (they end failed) and waits for them. */
  close(): Promise<void>;
}

/**
 * The rebuilds of this process, each made of the steps `steps()` gives.
 *
 * @example
 *   const rebuilds = createRebuilds(discoveryRebuildTarget(ctx), () => searchIndexSteps(ctx, owners));
 *   const run = await rebuilds.start(); // 202 { id, state: 'running', ... }
 */
export function createRebuilds<Tables extends RebuildsTables, Step extends RebuildStep<Tables>>(
  target: RebuildTarget<Tables, Step>,
  steps: () => Step[],
): Rebuilds {
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const launch = async (onProgress?: (steps: readonly RebuildStepProgress[]) => void | Promise<void>) => {
    const pipeline = steps();
    const claimed = await claim(target, pipeline);
    const ended = runRebuild(target, claimed.id, pipeline, { signal: stopping.signal, onProgress });
    // A run never throws but when its own record cannot be read back (the database gone): say so, for the one nobody awaits.
    const settled = ended.then(
      () => undefined,
      (error: unknown) => target.logger.error({ runId: claimed.id, err: error }, 'a rebuild ended without its record being read back'),
    );
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
    return { claimed, ended };
  };
  return {
    start: async () => toRebuildRun((await launch()).claimed),
    run: async (onProgress) => toRebuildRun(await (await launch(onProgress)).ended),
    close: async () => {
      stopping.abort(new Error(`${target.service} is shutting down`));
      await Promise.allSettled(inFlight);
    },
  };
}

/** A run by id, as the admin route shows it. */
export async function getRebuild<Tables extends RebuildsTables>(db: Kysely<Tables>, id: string): Promise<RebuildRun> {
  const row = await findRebuild(db, id);
  if (!row) throw new AppError('not_found', 'REBUILD_NOT_FOUND', 'No rebuild has this id');
  return toRebuildRun(row);
}

/**
 * Ends a run left running by a process that stopped (its shadow schema dropped). On PGlite one
 * process is every replica, so at start any running run is such a one.
 */
export async function endInterruptedRebuild<Tables extends RebuildsTables, Step extends RebuildStep<Tables>>(
  target: RebuildTarget<Tables, Step>,
): Promise<void> {
  const running = await findRunningRebuild(target.db);
  if (running && (await failRun(target, running.id, undefined, 'Interrupted: the process running it stopped'))) {
    target.logger.warn({ runId: running.id }, 'ended a rebuild interrupted by a stop');
  }
}

async function claim<Tables extends RebuildsTables, Step extends RebuildStep<Tables>>(target: RebuildTarget<Tables, Step>, steps: Step[]): Promise<RebuildRow> {
  const at = target.now();
  const running = await findRunningRebuild(target.db);
  if (running && at.getTime() - running.heartbeat_at.getTime() > ABANDONED_AFTER_MS) {
    const reason = `Abandoned: no progress since ${running.heartbeat_at.toISOString()}`;
    if (await failRun(target, running.id, undefined, reason)) target.logger.warn({ runId: running.id }, 'took over an abandoned rebuild');
  }
  const claimed = await claimRebuild(target.db, { id: newId(), steps: steps.map((step) => ({ name: step.name, state: 'waiting', items: 0 })), at });
  if (claimed) return claimed;
  const holder = await findRunningRebuild(target.db);
  throw new AppError('conflict', 'REBUILD_RUNNING', 'A rebuild is running; follow it, or start one once it has ended', {
    extensions: { runId: holder?.id ?? null },
  });
}

function toRebuildRun(row: RebuildRow): RebuildRun {
  return {
    id: row.id,
    state: row.state,
    steps: row.steps,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    heartbeatAt: row.heartbeat_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
