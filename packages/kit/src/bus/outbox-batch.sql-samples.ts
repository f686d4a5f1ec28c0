import { defineSqlSamples } from '../sql-snapshots/sql-samples.ts';
import { acceptingTransport, busSampleSchema, seedPendingOutbox } from './bus.sql-fixtures.ts';
import type { OutboxTable } from './outbox.ts';
import { hasPendingOutbox, lastPendingSeq, outboxBacklog, publishOutboxBatch, pruneOutbox } from './outbox-batch.ts';

/** The relay: one publisher per schema at a time (the advisory lock), rows in order, only confirmed rows marked. */
export default defineSqlSamples<{ outbox: OutboxTable }>({
  ...busSampleSchema,
  seed: seedPendingOutbox,
  samples: [
    { name: 'publishOutboxBatch', run: (_db, database) => publishOutboxBatch(database, busSampleSchema.schema, acceptingTransport, 100) },
    { name: 'hasPendingOutbox', run: (_db, database) => hasPendingOutbox(database, busSampleSchema.schema, 1) },
    { name: 'lastPendingSeq', run: (_db, database) => lastPendingSeq(database, busSampleSchema.schema) },
    { name: 'outboxBacklog, read when Prometheus scrapes', run: (_db, database) => outboxBacklog(database, busSampleSchema.schema) },
    { name: 'pruneOutbox', run: (_db, database) => pruneOutbox(database, busSampleSchema.schema, 24 * 3600_000) },
  ],
});
