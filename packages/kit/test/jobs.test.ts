import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/open-database.ts';
import { scheduleJob } from '../src/jobs/schedule-job.ts';
import type { JobOptions, ScheduledJob } from '../src/jobs/schedule-job.ts';
import { register } from '../src/metrics/registry.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';

const EVERY_SECOND = '* * * * * *';
const NEVER_SOON = '0 0 0 1 1 *'; // once a year: only runNow() runs it

interface LogLine {
  level: number;
  job?: string;
  msg: string;
  ms?: number;
  err?: { message: string };
}

async function runsOf(job: string, outcome: 'ok' | 'failed' | 'skipped'): Promise<number> {
  const metric = await register.getSingleMetric('pustaka_job_runs_total')!.get();
  return metric.values.find((v) => v.labels.job_name === job && v.labels.outcome === outcome)?.value ?? 0;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describeEachBackend('scheduled jobs', (backend) => {
  let storage: TestStorage;
  let replica: Database;
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const started: ScheduledJob[] = [];
  const schedule = (options: Omit<JobOptions, 'database' | 'logger'> & { database?: Database }) => {
    const job = scheduleJob({ database: storage.database, logger, ...options });
    started.push(job);
    return job;
  };
  const uniqueName = (what: string) => `test.${what}.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    storage = await backend.open();
    // A second replica: its own pool on the same PostgreSQL database (a small one, so a job that
    // queries while holding its lock must not starve it); on PGlite the one process is every replica.
    replica = storage.databaseUrl ? await openDatabase({ url: storage.databaseUrl, poolMax: 2 }) : storage.database;
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((job) => job.stop()));
  });
  afterAll(async () => {
    if (replica !== storage?.database) await replica?.close();
    await storage?.dispose();
  });

  it('runs on its schedule, each tick on one replica only', async () => {
    const name = uniqueName('scheduled');
    const ticks: number[] = [];
    const run = async ({ now }: { now: Date }) => void ticks.push(Math.floor(now.getTime() / 1000));
    schedule({ name, cron: EVERY_SECOND, run });
    schedule({ name, cron: EVERY_SECOND, run, database: replica });
    await waitFor(() => ticks.length >= 3, 5000);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(await runsOf(name, 'ok')).toBe(ticks.length);
  });

  it('logs and counts a failed run, and the next tick still runs', async () => {
    const name = uniqueName('failing');
    let calls = 0;
    schedule({
      name,
      cron: EVERY_SECOND,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('shelf not found');
      },
    });
    await waitFor(() => calls >= 2, 4000);
    await sleep(50);
    expect(await runsOf(name, 'failed')).toBe(1);
    expect(await runsOf(name, 'ok')).toBeGreaterThanOrEqual(1);
    const failure = lines.find((line) => line.job === name && line.level === 50);
    expect(failure).toMatchObject({ msg: 'job run failed', err: { message: 'shelf not found' } });
    expect(failure?.ms).toBeTypeOf('number');
  });

  it('never overlaps a long run with the next tick', async () => {
    const name = uniqueName('long');
    let active = 0;
    let mostActive = 0;
    let runs = 0;
    const job = schedule({
      name,
      cron: EVERY_SECOND,
      run: async () => {
        runs += 1;
        active += 1;
        mostActive = Math.max(mostActive, active);
        if (runs === 1) await sleep(1500);
        active -= 1;
      },
    });
    const first = job.runNow();
    await sleep(100);
    expect(await job.runNow()).toBe('skipped');
    expect(await first).toBe('ran');
    expect(await runsOf(name, 'skipped')).toBeGreaterThanOrEqual(2); // runNow above, and a scheduled tick
    await waitFor(() => runs >= 2, 2500);
    expect(mostActive).toBe(1);
  });

  it('runs each tick exactly once when replicas race for it', async () => {
    const name = uniqueName('race');
    let runs = 0;
    let active = 0;
    let mostActive = 0;
    const run = (database: Database) => async () => {
      runs += 1;
      active += 1;
      mostActive = Math.max(mostActive, active);
      await sql`select 1`.execute(database.root); // the job uses the pool while its lock is held
      await sleep(100);
      active -= 1;
    };
    const a = schedule({ name, cron: NEVER_SOON, run: run(storage.database) });
    const b = schedule({ name, cron: NEVER_SOON, run: run(replica), database: replica });
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all([a.runNow(), b.runNow(), a.runNow(), b.runNow()]);
      expect(results.filter((result) => result === 'ran')).toHaveLength(1);
    }
    expect(runs).toBe(rounds);
    expect(mostActive).toBe(1);
    expect(await runsOf(name, 'ok')).toBe(rounds);
    expect(await runsOf(name, 'skipped')).toBe(rounds * 3);
  });

  it('stop() waits for a running tick, then refuses new ones', async () => {
    let finished = false;
    const job = schedule({
      name: uniqueName('stopping'),
      cron: NEVER_SOON,
      run: async () => {
        await sleep(300);
        finished = true;
      },
    });
    const tick = job.runNow();
    await sleep(50);
    await job.stop();
    expect(finished).toBe(true);
    expect(await tick).toBe('ran');
    await expect(job.runNow()).rejects.toThrow(/stopped/);
  });

  it('aborts a run past its timeout and counts it as failed', async () => {
    const name = uniqueName('slow');
    const job = schedule({
      name,
      cron: NEVER_SOON,
      timeoutMs: 100,
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    expect(await job.runNow()).toBe('ran');
    expect(await runsOf(name, 'failed')).toBe(1);
    expect(lines.filter((line) => line.job === name).map((line) => line.msg)).toEqual(
      expect.arrayContaining(['job run timed out; asked it to stop', 'job run failed']),
    );
  });
});
