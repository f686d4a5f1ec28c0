import { sql } from 'kysely';
import { defineSqlSamples } from '../sql-snapshots/sql-samples.ts';
import { acceptingTransport, busSampleSchema, sampleEvent } from './bus.sql-fixtures.ts';
import { listDeadLetters, recordDeadLetter, replayDeadLetter } from './dead-letters.ts';
import type { DeadLetterTable } from './dead-letters.ts';

const deadLetterId = '00000000-0000-7000-8000-0000000dead1';

/** A message given up on stays visible until replayed, and one replay delivers it once. */
export default defineSqlSamples<{ dead_letter: DeadLetterTable }>({
  ...busSampleSchema,
  seed: async (db) => {
    const event = sampleEvent(1);
    await db
      .insertInto('dead_letter')
      .values({
        id: deadLetterId,
        consumer_id: 'sample.consumer',
        event_id: event.id,
        type: event.type,
        envelope: sql`${JSON.stringify(event)}::jsonb`,
        error: 'failed',
        attempts: 5,
      })
      .execute();
  },
  samples: [
    {
      name: 'recordDeadLetter',
      run: (db) =>
        recordDeadLetter(db, {
          service: busSampleSchema.schema,
          consumerId: 'sample.consumer',
          event: sampleEvent(2),
          error: new Error('failed'),
          attempts: 5,
        }),
    },
    { name: 'listDeadLetters', run: (_db, database) => listDeadLetters(database, busSampleSchema.schema, { consumerId: 'sample.consumer' }) },
    { name: 'replayDeadLetter', run: (_db, database) => replayDeadLetter(database, busSampleSchema.schema, deadLetterId, { transport: acceptingTransport }) },
  ],
});
