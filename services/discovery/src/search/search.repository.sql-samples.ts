import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleNow, seedDiscovery } from '../discovery.sql-fixtures.ts';
import { findSearchPage, findWordCandidates } from './search.repository.ts';
import type { SearchQuery } from './search.repository.ts';

const query: SearchQuery = {
  tsquery: '(lasker | laskar) & (pel | pel:*)',
  wholeWordsTsquery: '(lasker | laskar) & (pel)',
  text: 'lasker pel',
  alternatives: 'lasker laskar pel',
  filters: { categoryId: '00000000-0000-7000-8000-00000000c001', author: 'hirata', yearFrom: 2000, yearTo: 2010, inStock: true },
  now: sampleNow,
};

/** Search: typo candidates by trigram distance, and one statement for a ranked page with snippets and the facets. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedDiscovery,
  samples: [
    { name: 'findWordCandidates', run: (db) => findWordCandidates(db, ['lasker', 'pel']) },
    { name: 'findSearchPage', run: (db) => findSearchPage(db, query, { offset: 0, limit: 20 }) },
    { name: 'findSearchPage (type only)', run: (db) => findSearchPage(db, { ...query, filters: { type: 'event' } }, { offset: 20, limit: 20 }) },
  ],
});
