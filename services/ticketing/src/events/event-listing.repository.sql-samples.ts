import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { sampleEventId, seedTicketing } from '../ticketing.sql-fixtures.ts';
import { findAnnouncedEventsAfter } from './event-listing.repository.ts';

/** The listing other services rebuild from: keyset pages along the primary key. */
export default defineSqlSamples<TicketingTables>({
  schema: 'ticketing',
  migrations,
  seed: seedTicketing,
  samples: [
    { name: 'findAnnouncedEventsAfter (first page)', run: (db) => findAnnouncedEventsAfter(db, undefined, 1001) },
    { name: 'findAnnouncedEventsAfter (next page)', run: (db) => findAnnouncedEventsAfter(db, sampleEventId, 1001) },
  ],
});
