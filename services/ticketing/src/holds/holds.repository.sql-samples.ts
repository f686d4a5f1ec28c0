import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { sampleEventId, sampleHoldId, sampleNow, sampleUserId, seedTicketing } from '../ticketing.sql-fixtures.ts';
import {
  cancelHoldsOfEvent,
  countTakenPlaces,
  expireHoldsOfEvent,
  findEventsWithExpiredHolds,
  findHold,
  findHoldByKey,
  insertHold,
  lockHold,
  moveHold,
} from './holds.repository.ts';

const expiresAt = new Date(sampleNow.getTime() + 10 * 60_000);

/** Holds: the lock that makes booking and releasing a hold take turns, guarded status moves, the counts that cap places. */
export default defineSqlSamples<TicketingTables>({
  schema: 'ticketing',
  migrations,
  seed: seedTicketing,
  samples: [
    {
      name: 'insertHold',
      run: (db) =>
        insertHold(db, {
          id: sampleHoldId,
          event_id: sampleEventId,
          user_id: sampleUserId,
          seat_ids: ['A-1', 'A-2'],
          quantity: 2,
          total: 2000,
          currency: 'IDR',
          status: 'active',
          expires_at: expiresAt,
          idempotency_key: 'sample-key',
          created_at: sampleNow,
          updated_at: sampleNow,
        }),
    },
    { name: 'findHold', run: (db) => findHold(db, sampleHoldId) },
    { name: 'lockHold', run: (db) => lockHold(db, sampleHoldId) },
    { name: 'findHoldByKey', run: (db) => findHoldByKey(db, sampleUserId, 'sample-key') },
    { name: 'moveHold', run: (db) => moveHold(db, sampleHoldId, ['active'], 'booked', sampleNow) },
    { name: 'expireHoldsOfEvent', run: (db) => expireHoldsOfEvent(db, sampleEventId, sampleNow) },
    { name: 'cancelHoldsOfEvent', run: (db) => cancelHoldsOfEvent(db, sampleEventId, sampleNow) },
    { name: 'findEventsWithExpiredHolds', run: (db) => findEventsWithExpiredHolds(db, sampleNow, 100) },
    { name: 'countTakenPlaces, whole event', run: (db) => countTakenPlaces(db, sampleEventId, sampleNow) },
    { name: 'countTakenPlaces, one member', run: (db) => countTakenPlaces(db, sampleEventId, sampleNow, sampleUserId) },
  ],
});
