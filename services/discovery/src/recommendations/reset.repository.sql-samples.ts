import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleDay, seedRecommendations } from './recommendations.sql-fixtures.ts';
import { clearRecommendations } from './reset.repository.ts';

/** The rebuild's reset: every table emptied, in the consumer's lock order. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [{ name: 'clearRecommendations', run: (db) => clearRecommendations(db, sampleDay) }],
});
