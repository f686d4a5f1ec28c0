import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { sampleBookingId } from '../ticketing.sql-fixtures.ts';
import { findBookingsAfter } from './booking-listing.repository.ts';

/** The listing other services rebuild from: keyset pages along the primary key. */
export default defineSqlSamples<TicketingTables>({
  schema: 'ticketing',
  migrations,
  samples: [
    { name: 'findBookingsAfter (first page, confirmed)', run: (db) => findBookingsAfter(db, undefined, 1001, { includeCancelled: false }) },
    { name: 'findBookingsAfter (next page, cancelled too)', run: (db) => findBookingsAfter(db, sampleBookingId, 1001, { includeCancelled: true }) },
  ],
});
