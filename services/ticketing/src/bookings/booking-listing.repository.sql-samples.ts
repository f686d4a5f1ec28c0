import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { sampleBookingId } from '../ticketing.sql-fixtures.ts';
import { findConfirmedBookingsAfter } from './booking-listing.repository.ts';

/** The listing other services rebuild from: keyset pages along the primary key. */
export default defineSqlSamples<TicketingTables>({
  schema: 'ticketing',
  migrations,
  samples: [
    { name: 'findConfirmedBookingsAfter (first page)', run: (db) => findConfirmedBookingsAfter(db, undefined, 1001) },
    { name: 'findConfirmedBookingsAfter (next page)', run: (db) => findConfirmedBookingsAfter(db, sampleBookingId, 1001) },
  ],
});
