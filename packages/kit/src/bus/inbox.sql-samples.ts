import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import { defineSqlSamples } from '../sql-snapshots/sql-samples.ts';
import { busSampleSchema, sampleEvent } from './bus.sql-fixtures.ts';
import { applyBatchOnce, applyOnce, pruneInbox } from './inbox.ts';
import type { InboxTable } from './inbox.ts';

// Marks where the consumer's effect runs: between the inbox insert and the commit.
const effect = async (trx: Transaction<{ inbox: InboxTable }>) => {
  await sql`select 'the effect runs here'`.execute(trx);
};

/** "Applied exactly once": the inbox row goes in, or is found, in the transaction of the effect. */
export default defineSqlSamples<{ inbox: InboxTable }>({
  ...busSampleSchema,
  samples: [
    { name: 'applyOnce', run: (db) => applyOnce(db, 'sample.consumer', sampleEvent(1), effect) },
    { name: 'applyBatchOnce', run: (db) => applyBatchOnce(db, 'sample.consumer', [sampleEvent(2), sampleEvent(1)], effect) },
    { name: 'pruneInbox', run: (db) => pruneInbox(db, 'sample.consumer', 7 * 24 * 3600_000) },
  ],
});
