import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/open-database.ts';

/** Jobs running in this process, per database: the PGlite lock, and a free first check on PostgreSQL. */
const runningHere = new WeakMap<Database, Set<string>>();

/**
 * Runs `work` while holding the job's lock, or returns false at once without running it when
 * another runner holds it: in this process, or (on PostgreSQL) in any process on the database.
 *
 * On PostgreSQL the lock is `pg_try_advisory_xact_lock` in a transaction wrapped around the work,
 * rather than a session lock. A transaction lock cannot outlive its transaction, so a crash, a
 * dropped connection or a thrown error always frees it; a session lock released by hand on a
 * pooled connection would, after one failed unlock, stay held by a connection the pool hands to
 * others, stopping the job everywhere. The cost is one pool connection per running job, held idle
 * while the work runs on other connections: the pool must be larger than the number of jobs that
 * run at once (the default of 10 leaves ample room for a few jobs per service). The work is not
 * given the transaction: its writes commit on their own, as they would without the lock.
 *
 * PGlite is embedded, so one process is every replica: the in-process lock is enough, and a
 * transaction there would hold the only connection and stall every request for the work's length.
 */
export async function withJobLock(database: Database, name: string, holdLimitMs: number, work: () => Promise<void>): Promise<boolean> {
  let names = runningHere.get(database);
  if (!names) runningHere.set(database, (names = new Set()));
  if (names.has(name)) return false;
  names.add(name);
  try {
    if (database.kind === 'pglite') {
      await work();
      return true;
    }
    return await database.root.transaction().execute(async (trx) => {
      // The pool ends transactions left idle after 30 s, which would free the lock while the work
      // still runs; allow this one the job's own limit instead.
      const { rows } = await sql<{ locked: boolean }>`
        select set_config('idle_in_transaction_session_timeout', ${String(holdLimitMs)}, true),
               pg_try_advisory_xact_lock(${lockKey(name)}::int8) as locked`.execute(trx);
      if (!rows[0]?.locked) return false;
      await work();
      return true;
    });
  } finally {
    names.delete(name);
  }
}

/**
 * A stable 64-bit key per job name, the same in every process and release. Prefixed so a job's key
 * cannot meet another subsystem's advisory lock (the migrator's) by accident.
 */
export function lockKey(name: string): string {
  return createHash('sha256').update(`pustaka:job:${name}`).digest().readBigInt64BE(0).toString();
}
