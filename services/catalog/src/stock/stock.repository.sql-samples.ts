import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { sampleBooks, sampleNow, seedCatalog } from '../catalog.sql-fixtures.ts';
import { addToStock, findStock, setStock } from './stock.repository.ts';

const [book] = sampleBooks;

/** Staff's stock changes: a bounded conditional add, and a count that locks the row before replacing it. */
export default defineSqlSamples<CatalogTables>({
  schema: 'catalog',
  migrations,
  seed: seedCatalog,
  samples: [
    { name: 'addToStock', run: (db) => addToStock(db, book, -2, 10_000, sampleNow) },
    { name: 'setStock', run: (db) => setStock(db, book, 7, sampleNow) },
    { name: 'findStock', run: (db) => findStock(db, book) },
  ],
});
