import { createHash } from 'node:crypto';
import { sql } from '@pustaka/kit/db';
import type { AnalyticsDb } from '../analytics.tables.ts';
import { LIVE_SCHEMA, SHADOW_SCHEMA } from './rollup-schemas.ts';
import type { RebuiltTable } from './rollup-schemas.ts';

/**
 * The advisory lock between the consumer and a rebuild: the consumer holds it shared for the
 * length of its transaction, a rebuild takes it alone to start capturing events, to write each
 * page and to swap its tables in, so none of these happens in the middle of a consumer's
 * transaction. A stable key, prefixed so it meets no other subsystem's advisory lock (discovery's
 * is another).
 */
const SWAP_LOCK = createHash('sha256').update('pustaka:analytics:rollup-swap').digest().readBigInt64BE(0).toString();

/** Holds the swap lock shared until the transaction ends; waits while a rebuild holds it alone. */
export async function holdSwapLockShared(trx: AnalyticsDb): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${SWAP_LOCK}::int8)`.execute(trx);
}

/** Holds the swap lock alone until the transaction ends, once every consumer transaction holding it has ended. */
export async function holdSwapLockAlone(trx: AnalyticsDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SWAP_LOCK}::int8)`.execute(trx);
}

/** Drops the shadow schema and everything in it, if it is there. */
export async function dropShadowSchema(db: AnalyticsDb): Promise<void> {
  await sql`drop schema if exists ${sql.id(SHADOW_SCHEMA)} cascade`.execute(db);
}

/** Updates the planner's statistics of the shadow's tables, so the first dashboard reads of them plan as on the live ones. */
export async function analyzeShadowTables(db: AnalyticsDb, tables: readonly RebuiltTable[]): Promise<void> {
  for (const table of tables) await sql`analyze ${sql.table(`${SHADOW_SCHEMA}.${table}`)}`.execute(db);
}

/**
 * Copies into the shadow the books the live rollups know as deleted, and their categories: the
 * catalog lists no deleted book, and their sales must still be filed where they were. Each keeps
 * its versions, so an event older than its deletion still changes nothing.
 */
export async function carryOverDeletedBooks(db: AnalyticsDb): Promise<number> {
  const copied = await db
    .withSchema(SHADOW_SCHEMA)
    .insertInto('books')
    .expression(sql`select * from ${sql.table(`${LIVE_SCHEMA}.books`)} where deleted`)
    .onConflict((oc) => oc.column('book_id').doNothing())
    .returning('book_id')
    .execute();
  await db
    .withSchema(SHADOW_SCHEMA)
    .insertInto('categories')
    .expression(
      sql`select * from ${sql.table(`${LIVE_SCHEMA}.categories`)} where category_id in (select category_id from ${sql.table(`${LIVE_SCHEMA}.books`)} where deleted)`,
    )
    .onConflict((oc) => oc.column('category_id').doNothing())
    .execute();
  return copied.length;
}

/**
 * Replaces the live tables by the shadow's: drops the live ones and moves the shadow's, with their
 * indexes and constraints, into the live schema. DDL, so it waits for the dashboard reads of the
 * live tables and holds the next ones for the moment the transaction takes: no read sees half.
 */
export async function swapInShadowTables(trx: AnalyticsDb, tables: readonly RebuiltTable[]): Promise<void> {
  await sql`drop table ${sql.join(tables.map((table) => sql.table(`${LIVE_SCHEMA}.${table}`)))}`.execute(trx);
  for (const table of tables) await sql`alter table ${sql.table(`${SHADOW_SCHEMA}.${table}`)} set schema ${sql.id(LIVE_SCHEMA)}`.execute(trx);
}
