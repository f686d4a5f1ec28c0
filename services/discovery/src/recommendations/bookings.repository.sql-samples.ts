import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { addToEventPairs, addToMemberEvents, claimBookingStates, findMembersEvents, lockMembersEvents, saveBookingStates } from './bookings.repository.ts';
import { sampleBookingId, sampleEventId, samplePairedEventId, sampleUserId, seedRecommendations } from './recommendations.sql-fixtures.ts';

const booking = { bookingId: sampleBookingId, userId: sampleUserId, eventId: sampleEventId };

/** What bookings change: their rows locked in id order, their members locked, and each table of counts by one upsert. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    { name: 'claimBookingStates', run: (db) => claimBookingStates(db, [booking]) },
    { name: 'saveBookingStates', run: (db) => saveBookingStates(db, [{ ...booking, confirmed: true, cancelled: true }]) },
    { name: 'lockMembersEvents', run: (db) => lockMembersEvents(db, [sampleUserId]) },
    { name: 'findMembersEvents', run: (db) => findMembersEvents(db, [sampleUserId]) },
    { name: 'addToMemberEvents', run: (db) => addToMemberEvents(db, [{ userId: sampleUserId, eventId: sampleEventId, bookings: -1 }]) },
    { name: 'addToEventPairs', run: (db) => addToEventPairs(db, [{ eventId: sampleEventId, pairedEventId: samplePairedEventId, members: -1 }]) },
  ],
});
