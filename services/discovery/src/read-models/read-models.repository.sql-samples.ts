import { sql } from '@pustaka/kit/db';
import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { seedDiscovery } from '../discovery.sql-fixtures.ts';
import { SHADOW_SCHEMA } from './read-model-schemas.ts';
import {
  analyzeShadowTables,
  carryOverUnsearchable,
  dropShadowSchema,
  holdSwapLockAlone,
  holdSwapLockShared,
  swapInShadowTables,
} from './read-models.repository.ts';

const tables = ['documents', 'suggestions', 'vocabulary'] as const;

/** The swap of a rebuilt index: the lock the consumers share, and the DDL that puts the shadow's tables in the live ones' place. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: async (db) => {
    await seedDiscovery(db);
    // A shadow as a rebuild leaves it (the samples' migrations run in one schema only).
    await sql`create schema ${sql.id(SHADOW_SCHEMA)}`.execute(db);
    for (const table of tables)
      await sql`create table ${sql.table(`${SHADOW_SCHEMA}.${table}`)} (like ${sql.table(`discovery.${table}`)} including all)`.execute(db);
  },
  samples: [
    { name: 'holdSwapLockShared', run: (db) => holdSwapLockShared(db) },
    { name: 'holdSwapLockAlone', run: (db) => holdSwapLockAlone(db) },
    { name: 'analyzeShadowTables', run: (db) => analyzeShadowTables(db, tables) },
    { name: 'carryOverUnsearchable', run: (db) => carryOverUnsearchable(db) },
    { name: 'swapInShadowTables', run: (db) => db.transaction().execute((trx) => swapInShadowTables(trx, tables)) },
    { name: 'dropShadowSchema', run: (db) => dropShadowSchema(db) },
  ],
});
