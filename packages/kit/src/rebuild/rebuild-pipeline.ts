import { setImmediate } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../log/logger.ts';
import { finishRebuild, findRebuild, recordRebuildProgress, startCapturing } from './rebuild-runs.ts';
import type { RebuildRow, RebuildStepProgress, RebuildsTables } from './rebuild-runs.ts';

/** One step of a rebuild: it fills some of the shadow's tables from an owner's listing, page by page. */
export interface RebuildStep<Tables> {
  /** What the run's progress calls it: `books`, `events`, `orders`. */
  name: string;
  /** Fills its tables of `shadow` a page at a time, yielding how many items each page wrote. */
  fill(shadow: Kysely<Tables>, signal: AbortSignal): AsyncIterable<number>;
}

/**
 * What a service rebuilds, and how: the run's storage and log, and its shadow schema (its own
 * migrations, swap lock and swap). The pipeline drives it; the service keeps what is its own.
 */
export interface RebuildTarget<Tables extends RebuildsTables, Step extends RebuildStep<Tables> = RebuildStep<Tables>> {
  /** Who rebuilds, as the reason of a run stopped by the shutdown says: `discovery`. */
  service: string;
  /** What the logs call what is rebuilt: `read models`, `rollups`. */
  rebuilt: string;
  db: Kysely<Tables>;
  logger: Logger;
  now: () => Date;
  /** The shadow schema's tables, which the steps fill. */
  shadow: Kysely<Tables>;
  /** Makes the shadow schema afresh (the service's migrations), once any earlier one was dropped. */
  migrateShadow(): Promise<unknown>;
  dropShadow(db: Kysely<Tables>): Promise<void>;
  /** The lock the consumers' writes and the swap take: held, nobody writes the live or shadow tables. */
  holdSwapLockAlone(trx: Transaction<Tables>): Promise<void>;
  /** Gives the planner the shadow's statistics before it goes live. */
  analyzeShadow(steps: readonly Step[]): Promise<void>;
  /** In the run's last transaction, under the swap lock: the shadow's tables take the live ones' place. */
  swapIn(trx: Transaction<Tables>, steps: readonly Step[]): Promise<void>;
  /** Once the new tables are live: drops what was derived from the old ones (cached answers). */
  afterSwap?(): Promise<void>;
}

export interface RunOptions {
  /** Aborting it stops the run between two pages; it ends failed and the live tables stay as they were. */
  signal: AbortSignal;
  /** Called after every page with how far each step is; the run goes on once it has resolved. */
  onProgress?: ((steps: readonly RebuildStepProgress[]) => void | Promise<void>) | undefined;
}

/** The run is no longer this process's: another took over a run it judged abandoned. */
class RunTakenOver extends Error {}

/**
 * Runs a claimed rebuild to its end and returns it as it ended, succeeded or failed (it never
 * throws). The tables are written from scratch into the shadow schema, made by the service's own
 * migrations; once it is ready the consumers apply every event to it too; then each step fills its
 * tables page by page; then, in one transaction under the swap lock, the live tables are replaced by
 * the shadow's. Readers keep reading the live tables all along and see the new ones at once. A run
 * that fails, is aborted or is taken over leaves the live tables as they were.
 */
export async function runRebuild<Tables extends RebuildsTables, Step extends RebuildStep<Tables>>(
  target: RebuildTarget<Tables, Step>,
  runId: string,
  steps: Step[],
  options: RunOptions,
): Promise<RebuildRow> {
  const { signal } = options;
  const progress: RebuildStepProgress[] = steps.map((step) => ({ name: step.name, state: 'waiting', items: 0 }));
  const report = async () => {
    if (!(await recordRebuildProgress(target.db, runId, progress, target.now()))) throw new RunTakenOver();
    await options.onProgress?.(progress.map((step) => ({ ...step })));
  };
  try {
    await target.dropShadow(target.db);
    await target.migrateShadow();
    const capturing = await target.db.transaction().execute(async (trx) => {
      await target.holdSwapLockAlone(trx);
      return startCapturing(trx, runId, target.now());
    });
    if (!capturing) throw new RunTakenOver();
    for (const [index, step] of steps.entries()) {
      const stepProgress = progress[index]!;
      stepProgress.state = 'running';
      await report();
      for await (const items of step.fill(target.shadow, signal)) {
        stepProgress.items += items;
        await report();
        // On PGlite every query settles without leaving the event loop's microtasks: let the requests
        // that arrived meanwhile (searches, dashboard reads) in between two pages.
        await setImmediate();
      }
      stepProgress.state = 'done';
    }
    await target.analyzeShadow(steps);
    signal.throwIfAborted();
    await target.db.transaction().execute(async (trx) => {
      await target.holdSwapLockAlone(trx);
      if (!(await finishRebuild(trx, runId, { state: 'succeeded', error: null, steps: progress }, target.now()))) throw new RunTakenOver();
      await target.swapIn(trx, steps);
      // In the same transaction: a run that has ended leaves no shadow for a later one to meet.
      await target.dropShadow(trx);
    });
    await target.afterSwap?.();
    await options.onProgress?.(progress.map((step) => ({ ...step })));
    target.logger.info({ runId, steps: progress }, `${target.rebuilt} rebuilt from their owners`);
  } catch (error) {
    if (error instanceof RunTakenOver) {
      target.logger.warn({ runId }, 'rebuild taken over by another run: it stops and leaves the shadow schema to that one');
    } else {
      target.logger.error({ runId, err: error }, `rebuild failed; the live ${target.rebuilt} are as they were`);
      await failRun(target, runId, progress, describeFailure(error, signal, runId));
    }
  }
  return (await findRebuild(target.db, runId))!;
}

/**
 * Ends a running run as failed and, in the same transaction, drops its shadow schema when it was
 * still running (whoever ended it first owns what is left of it).
 */
export async function failRun<Tables extends RebuildsTables, Step extends RebuildStep<Tables>>(
  target: RebuildTarget<Tables, Step>,
  runId: string,
  steps: RebuildStepProgress[] | undefined,
  error: string,
): Promise<boolean> {
  return target.db.transaction().execute(async (trx) => {
    await target.holdSwapLockAlone(trx);
    const ended = await finishRebuild(trx, runId, { state: 'failed', error, ...(steps ? { steps } : {}) }, target.now());
    if (ended) await target.dropShadow(trx);
    return ended;
  });
}

/** What an admin is told of a failure: a domain error as it is, anything else without its internals. */
function describeFailure(error: unknown, signal: AbortSignal, runId: string): string {
  if (signal.aborted) return 'Stopped before it finished: the service was shutting down';
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return `The rebuild failed unexpectedly; the service's log has the details (run ${runId})`;
}
