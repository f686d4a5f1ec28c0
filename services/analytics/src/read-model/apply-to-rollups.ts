import type { Transaction } from '@pustaka/kit/db';
import { isRebuildCapturing } from '@pustaka/kit/rebuild';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { SHADOW_SCHEMA } from './rollup-schemas.ts';
import { holdSwapLockShared } from './shadow.repository.ts';

/**
 * Applies what consumed events change to the rollups, in the consumer's transaction: to the live
 * tables, and, while a rebuild runs, to the tables it is building too, so an event consumed during
 * a rebuild is in the tables that take the live ones' place. The swap lock is held shared before
 * any rollup is touched, so a rebuild starts capturing, writes a page and swaps its tables in only
 * between consumer transactions. Resolves with what the live apply returned.
 *
 * A rollup its rebuild fills from an owner's listing may then see a fact twice (in a page and
 * consumed): the ledger keeps each order and booking state once, so the second changes nothing.
 *
 * @example
 *   const applied = await applyToRollups(trx, (db) => applyChanges(db, changes, terms));
 */
export async function applyToRollups<T>(trx: Transaction<AnalyticsTables>, apply: (db: Transaction<AnalyticsTables>) => Promise<T>): Promise<T> {
  await holdSwapLockShared(trx);
  const capturing = await isRebuildCapturing(trx);
  const live = await apply(trx);
  if (capturing) await apply(trx.withSchema(SHADOW_SCHEMA));
  return live;
}
