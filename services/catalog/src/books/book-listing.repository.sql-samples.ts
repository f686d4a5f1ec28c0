import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { sampleBooks, seedCatalog } from '../catalog.sql-fixtures.ts';
import { findBooksAfter } from './book-listing.repository.ts';

/** The listing other services rebuild from: keyset pages along the primary key. */
export default defineSqlSamples<CatalogTables>({
  schema: 'catalog',
  migrations,
  seed: seedCatalog,
  samples: [
    { name: 'findBooksAfter (first page)', run: (db) => findBooksAfter(db, undefined, 1001) },
    { name: 'findBooksAfter (next page)', run: (db) => findBooksAfter(db, sampleBooks[0], 1001) },
  ],
});
