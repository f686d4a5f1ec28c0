import type { Executor, IdentityTables } from '../identity.tables.ts';

export type RefreshTokenRow = IdentityTables['refresh_tokens'];

export async function insertRefreshFamily(db: Executor, family: { id: string; userId: string; now: Date }): Promise<void> {
  await db.insertInto('refresh_families').values({ id: family.id, user_id: family.userId, created_at: family.now, revoked_at: null }).execute();
}

export async function insertRefreshToken(db: Executor, token: Omit<RefreshTokenRow, 'used_at'>): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({ ...token, used_at: null })
    .execute();
}

/** The token with its family's state and its owner, or undefined when the hash is unknown. */
export async function findRefreshTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens as t')
    .innerJoin('refresh_families as f', 'f.id', 't.family_id')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['t.id', 't.family_id', 't.expires_at', 't.used_at', 'f.revoked_at as family_revoked_at'])
    .select(['u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.disabled', 'u.created_at as user_created_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Spends a token. Conditional, so of two concurrent refreshes with one token only the first
 * succeeds: the second waits for the first's row lock, then finds `used_at` set and touches nothing.
 */
export async function markRefreshTokenUsed(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function revokeRefreshFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db.updateTable('refresh_families').set({ revoked_at: now }).where('id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/** Revokes the family a token belongs to, only when `ownerId` owns it. */
export async function revokeFamilyOfToken(db: Executor, tokenHash: string, ownerId: string, now: Date): Promise<void> {
  await db
    .updateTable('refresh_families')
    .set({ revoked_at: now })
    .where('revoked_at', 'is', null)
    .where('user_id', '=', ownerId)
    .where('id', '=', (eb) => eb.selectFrom('refresh_tokens').select('family_id').where('token_hash', '=', tokenHash))
    .execute();
}

export async function revokeRefreshFamiliesOfUser(db: Executor, userId: string, now: Date): Promise<void> {
  await db.updateTable('refresh_families').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
