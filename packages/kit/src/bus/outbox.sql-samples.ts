import { defineSqlSamples } from '../sql-snapshots/sql-samples.ts';
import { busSampleSchema, sampleEvent } from './bus.sql-fixtures.ts';
import { appendToOutbox, discardPendingEvents } from './outbox.ts';
import type { OutboxTable } from './outbox.ts';

/** An event is recorded in the transaction of the change it describes. */
export default defineSqlSamples<{ outbox: OutboxTable }>({
  ...busSampleSchema,
  samples: [
    {
      name: "appendToOutbox, in the caller's transaction",
      run: (db) => db.transaction().execute((trx) => appendToOutbox(trx, [sampleEvent(1), sampleEvent(2)])),
    },
    {
      name: 'discardPendingEvents, before a bulk replace of the data they describe',
      run: async (db) => {
        await discardPendingEvents(db);
      },
    },
  ],
});
