import { createHash } from 'node:crypto';
import { sql } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryDb, DiscoveryTables } from '../discovery.tables.ts';
import { LIVE_SCHEMA, SHADOW_SCHEMA } from './read-model-schemas.ts';

/** The tables of the read models a rebuild swaps in (those its steps fill). */
export type ReadModelTable = Exclude<keyof DiscoveryTables, 'rebuilds'>;

/**
 * The advisory lock between the consumers and a rebuild: consumers hold it shared for the length of
 * their transaction, a rebuild takes it alone to start capturing events and to swap its tables in,
 * so neither can happen in the middle of a consumer's transaction. A stable key, prefixed so it
 * meets no other subsystem's advisory lock.
 */
const SWAP_LOCK = createHash('sha256').update('pustaka:discovery:read-model-swap').digest().readBigInt64BE(0).toString();

/** Holds the swap lock shared until the transaction ends; waits while a rebuild holds it alone. */
export async function holdSwapLockShared(trx: DiscoveryDb): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${SWAP_LOCK}::int8)`.execute(trx);
}

/** Holds the swap lock alone until the transaction ends, once every consumer transaction holding it has ended. */
export async function holdSwapLockAlone(trx: DiscoveryDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SWAP_LOCK}::int8)`.execute(trx);
}

/** Drops the shadow schema and everything in it, if it is there. */
export async function dropShadowSchema(db: DiscoveryDb): Promise<void> {
  await sql`drop schema if exists ${sql.id(SHADOW_SCHEMA)} cascade`.execute(db);
}

/** Updates the planner's statistics of the shadow's tables, so the first searches on them plan as on the live ones. */
export async function analyzeShadowTables(db: DiscoveryDb, tables: readonly ReadModelTable[]): Promise<void> {
  for (const table of tables) await sql`analyze ${sql.table(`${SHADOW_SCHEMA}.${table}`)}`.execute(db);
}

/**
 * Copies into the shadow the documents that are out of search in the live index and that the
 * shadow does not hold: tombstones of deleted books (which no owner lists any more) and books
 * known only from a stock change. Each keeps its versions, so an event older than the one that
 * withdrew it still changes nothing once the shadow is live.
 */
export async function carryOverUnsearchable(trx: DiscoveryDb): Promise<number> {
  const copied = await trx
    .withSchema(SHADOW_SCHEMA)
    .insertInto('documents')
    .expression(sql`select * from ${sql.table(`${LIVE_SCHEMA}.documents`)} where not searchable`)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return copied.length;
}

/**
 * Replaces the live tables by the shadow's: drops the live ones and moves the shadow's, with their
 * indexes and constraints, into the live schema. DDL, so it waits for the searches reading the live
 * tables and holds the next ones for the moment the transaction takes: no search sees a half index.
 */
export async function swapInShadowTables(trx: Kysely<DiscoveryTables>, tables: readonly ReadModelTable[]): Promise<void> {
  await sql`drop table ${sql.join(tables.map((table) => sql.table(`${LIVE_SCHEMA}.${table}`)))}`.execute(trx);
  for (const table of tables) await sql`alter table ${sql.table(`${SHADOW_SCHEMA}.${table}`)} set schema ${sql.id(LIVE_SCHEMA)}`.execute(trx);
}
