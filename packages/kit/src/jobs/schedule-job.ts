import { Cron } from 'croner';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../db/open-database.ts';
import { counter, histogram } from '../metrics/registry.ts';
import { withJobLock } from './job-lock.ts';

export interface JobContext {
  /** When this tick started, from the job's clock. */
  now: Date;
  /** Aborted when the run passes `timeoutMs`: stop early and throw. */
  signal: AbortSignal;
}

export interface JobOptions {
  /** Unique per database across services, e.g. `ticketing.release-expired-holds`: it names the lock. */
  name: string;
  /** A croner pattern; six fields include seconds: `'0,30 * * * * *'` runs at :00 and :30 of every minute. */
  cron: string;
  database: Database;
  logger: Logger;
  run: (ctx: JobContext) => Promise<void>;
  /** After this long the run's signal is aborted; the run is still awaited, so it must honour it. Default 60 s. */
  timeoutMs?: number;
  /** The clock behind `ctx.now`; tests pass a controllable one. */
  now?: () => Date;
}

export interface ScheduledJob {
  /** Stops scheduling, then waits for a tick that is running to finish. */
  stop(): Promise<void>;
  /**
   * Runs a tick now, under the same lock as scheduled ticks: `'ran'` when this call took the tick
   * (its outcome, ok or failed, is logged and counted), `'skipped'` when another run held it.
   */
  runNow(): Promise<'ran' | 'skipped'>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** How long past the run's limit the PostgreSQL lock may sit idle before the server frees it. */
const LOCK_SLACK_MS = 10_000;
/**
 * Replicas fire the same tick a little apart (clock skew, a busy event loop). A lock only excludes
 * runs that overlap, so a fast run would be over before a late replica asks and run again. Holding
 * the lock this long after a scheduled tick starts (at most half the gap to the next tick) makes the
 * late replica skip it.
 */
const SKEW_TOLERANCE_MS = 1_000;

/**
 * Runs `run` on a cron schedule, on one replica at a time. On PostgreSQL each tick takes an
 * advisory lock named after the job; a replica that finds it taken skips the tick. A run never
 * overlaps the previous one. A failed run is logged and counted, and the next tick runs as usual.
 * Metrics: `pustaka_job_runs_total{job_name, outcome}` and `pustaka_job_duration_seconds{job_name}` (not `job`,
 * which Prometheus gives every series of a scrape target).
 *
 * @example
 *   const job = scheduleJob({
 *     name: 'ticketing.release-expired-holds', cron: '0,30 * * * * *', database, logger,
 *     run: async ({ now }) => { await releaseExpiredHolds(db, now); },
 *   });
 *   // in the service's close(): await job.stop();
 */
export function scheduleJob(options: JobOptions): ScheduledJob {
  const { name, database, run } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.now ?? (() => new Date());
  const log = options.logger.child({ job: name });
  const runs = counter('pustaka_job_runs_total', 'Scheduled job ticks by outcome', ['job_name', 'outcome']);
  const durations = histogram('pustaka_job_duration_seconds', 'Scheduled job run duration', ['job_name'], [0.01, 0.1, 1, 10, 60, 300]);
  // Every outcome from zero: an alert on failures compares a 0, not a series that appears with the first one.
  for (const outcome of ['ok', 'failed', 'skipped']) runs.inc({ job_name: name, outcome }, 0);
  const stopping = new AbortController();
  let current: Promise<'ran' | 'skipped'> | undefined;

  async function tick(holdMs: number): Promise<'ran' | 'skipped'> {
    let attempted = false;
    try {
      const took = await withJobLock(database, name, timeoutMs + holdMs + LOCK_SLACK_MS, async () => {
        const held = sleep(holdMs, undefined, { signal: stopping.signal }).catch(() => {});
        attempted = true;
        await attempt();
        await held;
      });
      if (took) return 'ran';
      runs.inc({ job_name: name, outcome: 'skipped' });
      log.debug('job tick skipped: another run holds it');
      return 'skipped';
    } catch (error) {
      // The lock failed: the database was unreachable, or the connection died before the commit
      // (then the run itself has been counted already).
      if (!attempted) runs.inc({ job_name: name, outcome: 'failed' });
      log.error({ err: error }, 'job tick failed to take or release its lock');
      return 'ran';
    }
  }

  async function attempt(): Promise<void> {
    const started = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      log.warn({ timeoutMs }, 'job run timed out; asked it to stop');
      deadline.abort(new DOMException(`Job ${name} timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    log.debug('job run started');
    try {
      // Awaited even past the deadline: a run that ignores its signal must still never overlap the next.
      await run({ now: clock(), signal: deadline.signal });
      runs.inc({ job_name: name, outcome: 'ok' });
      log.debug({ ms: Math.round(performance.now() - started) }, 'job run finished');
    } catch (error) {
      runs.inc({ job_name: name, outcome: 'failed' });
      log.error({ err: error, ms: Math.round(performance.now() - started) }, 'job run failed');
    } finally {
      clearTimeout(timer);
      durations.observe({ job_name: name }, (performance.now() - started) / 1000);
    }
  }

  function skipBusy(): void {
    runs.inc({ job_name: name, outcome: 'skipped' });
    log.debug('job tick skipped: the previous run is still going');
  }

  function start(holdMs: number): Promise<'ran' | 'skipped'> {
    if (current) {
      skipBusy();
      return Promise.resolve('skipped');
    }
    const ticking = tick(holdMs).finally(() => {
      current = undefined;
    });
    current = ticking;
    return ticking;
  }

  // protect: croner never starts a tick while its previous callback is pending; it tells us instead.
  const cron = new Cron(options.cron, { protect: skipBusy }, async (self: Cron) => {
    const gap = self.msToNext() ?? 0;
    await start(Math.min(SKEW_TOLERANCE_MS, gap / 2));
  });

  return {
    async stop() {
      cron.stop();
      stopping.abort();
      await current;
    },
    runNow() {
      if (stopping.signal.aborted) return Promise.reject(new Error(`Job ${name} is stopped`));
      return start(0);
    },
  };
}
