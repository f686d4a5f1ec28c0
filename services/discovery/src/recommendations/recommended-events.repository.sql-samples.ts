import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleNow } from '../discovery.sql-fixtures.ts';
import { sampleEventId, sampleUserId, seedRecommendations } from './recommendations.sql-fixtures.ts';
import { findCoBookedEvents, findMemberEventSeeds, findUpcomingEvents } from './recommended-events.repository.ts';

/** The event answers: a member's events, the events booked with them, and those still to come. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    { name: 'findMemberEventSeeds', run: (db) => findMemberEventSeeds(db, sampleUserId, 20) },
    { name: 'findCoBookedEvents', run: (db) => findCoBookedEvents(db, [sampleEventId], sampleUserId, sampleNow, { perSeed: 20, limit: 10 }) },
    { name: 'findUpcomingEvents', run: (db) => findUpcomingEvents(db, { now: sampleNow, excludeIds: [], notBookedBy: sampleUserId, limit: 10 }) },
  ],
});
