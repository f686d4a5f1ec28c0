import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { seedDiscovery } from '../discovery.sql-fixtures.ts';
import { findSuggestionsByPrefix, findSuggestionsBySimilarity } from './suggest.repository.ts';

/** Type-ahead: a prefix lookup for the first letters, a trigram lookup from the third. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedDiscovery,
  samples: [
    { name: 'findSuggestionsByPrefix', run: (db) => findSuggestionsByPrefix(db, 'la', 8) },
    { name: 'findSuggestionsBySimilarity', run: (db) => findSuggestionsBySimilarity(db, 'lask', 8) },
  ],
});
