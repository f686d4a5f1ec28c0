import { setImmediate } from 'node:timers/promises';
import { AppError } from '@pustaka/kit/errors';
import { migrateToLatest } from '@pustaka/kit/db';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsContext } from '../analytics-context.ts';
import type { RebuildStepProgress } from '../analytics.tables.ts';
import { forgetAnswersOver } from '../answer-cache/dashboard-answers.ts';
import { finishRebuild, findRebuild, recordRebuildProgress, startCapturing } from '../read-model/rebuild-runs.repository.ts';
import type { RebuildRow } from '../read-model/rebuild-runs.repository.ts';
import { REBUILT_TABLES, SHADOW_SCHEMA } from '../read-model/rollup-schemas.ts';
import { analyzeShadowTables, dropShadowSchema, holdSwapLockAlone, swapInShadowTables } from '../read-model/shadow.repository.ts';
import type { RebuildStep } from './rebuild-steps.ts';

export interface RunOptions {
  /** Aborting it stops the run between two pages; it ends failed and the live rollups stay as they were. */
  signal: AbortSignal;
  /** Called after every page with how far each step is; the run goes on once it has resolved. */
  onProgress?: ((steps: readonly RebuildStepProgress[]) => void | Promise<void>) | undefined;
}

/** The run is no longer this process's: another took over a run it judged abandoned. */
class RunTakenOver extends Error {}

/**
 * Runs a claimed rebuild to its end and returns it as it ended, succeeded or failed (it never
 * throws). The rollups are written from scratch into the shadow schema, made by analytics' own
 * migrations; once it is ready the consumer applies every event to it too; then each step applies
 * its listing page by page; then, in one transaction under the swap lock, the live tables are
 * replaced by the shadow's, and every cached dashboard answer is dropped. The dashboard keeps
 * reading the live tables all along and sees the new ones at once. A run that fails, is aborted or
 * is taken over leaves the live rollups as they were.
 */
export async function runRebuild(ctx: AnalyticsContext, runId: string, steps: RebuildStep[], options: RunOptions): Promise<RebuildRow> {
  const { signal } = options;
  const progress: RebuildStepProgress[] = steps.map((step) => ({ name: step.name, state: 'waiting', items: 0 }));
  const report = async () => {
    if (!(await recordRebuildProgress(ctx.db, runId, progress, ctx.now()))) throw new RunTakenOver();
    await options.onProgress?.(progress.map((step) => ({ ...step })));
  };
  try {
    await dropShadowSchema(ctx.db);
    await migrateToLatest(ctx.database, SHADOW_SCHEMA, migrations);
    const capturing = await ctx.db.transaction().execute(async (trx) => {
      await holdSwapLockAlone(trx);
      return startCapturing(trx, runId, ctx.now());
    });
    if (!capturing) throw new RunTakenOver();
    const shadow = ctx.db.withSchema(SHADOW_SCHEMA);
    for (const [index, step] of steps.entries()) {
      const stepProgress = progress[index]!;
      stepProgress.state = 'running';
      await report();
      for await (const items of step.fill(shadow, signal)) {
        stepProgress.items += items;
        await report();
        // On PGlite every query settles without leaving the event loop's microtasks: let the
        // requests that arrived meanwhile (dashboard reads) in between two pages.
        await setImmediate();
      }
      stepProgress.state = 'done';
    }
    await analyzeShadowTables(ctx.db, REBUILT_TABLES);
    signal.throwIfAborted();
    await ctx.db.transaction().execute(async (trx) => {
      await holdSwapLockAlone(trx);
      if (!(await finishRebuild(trx, runId, { state: 'succeeded', error: null, steps: progress }, ctx.now()))) throw new RunTakenOver();
      await swapInShadowTables(trx, REBUILT_TABLES);
      // In the same transaction: a run that has ended leaves no shadow for a later one to meet.
      await dropShadowSchema(trx);
    });
    // Every answer cached was read from the tables just replaced.
    await forgetAnswersOver(ctx.cache, ctx.settings.ANALYTICS_CACHE_TTL_SECONDS, { days: [], reference: true });
    await options.onProgress?.(progress.map((step) => ({ ...step })));
    ctx.logger.info({ runId, steps: progress }, 'rollups rebuilt from their owners');
  } catch (error) {
    if (error instanceof RunTakenOver) {
      ctx.logger.warn({ runId }, 'rebuild taken over by another run: it stops and leaves the shadow schema to that one');
    } else {
      ctx.logger.error({ runId, err: error }, 'rebuild failed; the live rollups are as they were');
      await failRun(ctx, runId, progress, describeFailure(error, signal, runId));
    }
  }
  return (await findRebuild(ctx.db, runId))!;
}

/**
 * Ends a running run as failed and, in the same transaction, drops its shadow schema when it was
 * still running (whoever ended it first owns what is left of it).
 */
export async function failRun(ctx: AnalyticsContext, runId: string, steps: RebuildStepProgress[] | undefined, error: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    await holdSwapLockAlone(trx);
    const ended = await finishRebuild(trx, runId, { state: 'failed', error, ...(steps ? { steps } : {}) }, ctx.now());
    if (ended) await dropShadowSchema(trx);
    return ended;
  });
}

/** What an admin is told of a failure: a domain error as it is, anything else without its internals. */
function describeFailure(error: unknown, signal: AbortSignal, runId: string): string {
  if (signal.aborted) return 'Stopped before it finished: the service was shutting down';
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return `The rebuild failed unexpectedly; the service's log has the details (run ${runId})`;
}
