import { USER_REGISTERED, USER_UPDATED } from '@pustaka/contracts';
import type { IdentityContext } from '../identity.context.ts';
import type { IdentityDb, UserRow } from '../identity.tables.ts';

/**
 * What other services learn of a member, recorded in the transaction of the change so no change is
 * announced that did not commit, and none that committed goes unannounced. `user.updated` carries
 * the whole state after the change (a consumer overwrites, never merges): ticketing stops a
 * disabled member's calendar feed by it. Call `context.events.notify()` after the commit.
 */
/** In the transaction that inserts the row. */
export async function recordUserRegistered(context: IdentityContext, trx: IdentityDb, row: UserRow): Promise<void> {
  await context.events.record(trx, USER_REGISTERED, { userId: row.id, email: row.email, name: row.name });
}

/** In the transaction that updates the row: a change of name, role or the disabled flag. */
export async function recordUserUpdated(context: IdentityContext, trx: IdentityDb, row: UserRow): Promise<void> {
  await context.events.record(trx, USER_UPDATED, { userId: row.id, name: row.name, role: row.role, disabled: row.disabled });
}
