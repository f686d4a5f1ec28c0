import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { seedDiscovery } from '../discovery.sql-fixtures.ts';
import { addNewCategories, carryOverCategories, findCategoryVersions, rememberCategoryName, setCategoryNameIfNewer } from './categories.repository.ts';

const categoryId = '00000000-0000-7000-8000-00000000c001';
const newer = '00000000-0000-7000-8000-0000000e0002';

/** The categories' names: each write conditional on the version it holds, so a late event changes nothing. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedDiscovery,
  samples: [
    { name: 'setCategoryNameIfNewer', run: (db) => setCategoryNameIfNewer(db, categoryId, 'Sastra Nusantara', newer) },
    { name: 'setCategoryNameIfNewer (a rebuilt page that knows no event)', run: (db) => setCategoryNameIfNewer(db, categoryId, 'Sastra Nusantara', null) },
    { name: 'rememberCategoryName', run: (db) => rememberCategoryName(db, categoryId, 'Sastra Indonesia', newer) },
    { name: 'findCategoryVersions', run: (db) => findCategoryVersions(db, [categoryId]) },
    { name: 'addNewCategories', run: (db) => addNewCategories(db, [{ id: categoryId, name: 'Sastra Indonesia', version: null }]) },
    { name: 'carryOverCategories (into the shadow; here the live schema itself)', run: (db) => carryOverCategories(db) },
  ],
});
