import type { Transaction } from '@pustaka/kit/db';
import { isRebuildCapturing } from '@pustaka/kit/rebuild';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { SHADOW_SCHEMA } from './read-model-schemas.ts';
import { holdSwapLockShared } from './read-models.repository.ts';

/** Per consumer transaction: whether a rebuild captures its events (it cannot change before the transaction ends). */
const capturingIn = new WeakMap<Transaction<DiscoveryTables>, boolean>();

/**
 * Applies what a consumed event changes to the read models, in the consumer's transaction: to the
 * live tables, and, while a rebuild runs, to the tables it is building too, so an event consumed
 * during a rebuild is in the tables that take the live ones' place. The swap lock is held shared
 * from the first call on, before any read model is touched, so a rebuild starts capturing and
 * swaps its tables in only between consumer transactions.
 *
 * A read model that its rebuild fills from an owner's listing may then see an event twice (in a
 * page and consumed): `apply` must give the same result either way, as version checks do.
 *
 * @example
 *   await applyToReadModels(trx, (db) => setStockIfNewer(db, bookId, event.id, stock, at));
 */
export async function applyToReadModels(trx: Transaction<DiscoveryTables>, apply: (db: Transaction<DiscoveryTables>) => Promise<void>): Promise<void> {
  let capturing = capturingIn.get(trx);
  if (capturing === undefined) {
    await holdSwapLockShared(trx);
    capturing = await isRebuildCapturing(trx);
    capturingIn.set(trx, capturing);
  }
  await apply(trx);
  if (capturing) await apply(trx.withSchema(SHADOW_SCHEMA));
}
