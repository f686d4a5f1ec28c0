import { createHash, randomBytes } from 'node:crypto';
import { newId } from '@pustaka/kit/db';
import type { Executor, IdentityDb, UserRow } from '../identity.tables.ts';
import { findRefreshTokenByHash, insertRefreshFamily, insertRefreshToken, markRefreshTokenUsed, revokeRefreshFamily } from './refresh-tokens.repository.ts';

const DAY_MS = 86_400_000;

export type TokenOwner = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'disabled' | 'created_at'>;

export type Rotation =
  | { outcome: 'rotated'; user: TokenOwner; refreshToken: string }
  | { outcome: 'invalid' }
  | { outcome: 'disabled' }
  | { outcome: 'reused'; userId: string; familyId: string };

/** Only a hash is stored, so a leaked table grants no sessions; SHA-256 suffices for 256 random bits. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a new family (one sign-in on one device) and returns its first token. */
export async function startRefreshFamily(trx: Executor, userId: string, now: Date, ttlDays: number): Promise<string> {
  const familyId = newId();
  await insertRefreshFamily(trx, { id: familyId, userId, now });
  return issueRefreshToken(trx, familyId, now, ttlDays);
}

/**
 * Spends a refresh token and issues its successor in the same family. A token presented after it
 * was spent means two parties hold the family (theft, or a replayed request), so the whole family
 * is revoked: its newest token stops working too and the user signs in again.
 */
export async function rotateRefreshToken(db: IdentityDb, presented: string, now: Date, ttlDays: number): Promise<Rotation> {
  return db.transaction().execute(async (trx): Promise<Rotation> => {
    const found = await findRefreshTokenByHash(trx, hashRefreshToken(presented));
    if (!found || found.family_revoked_at !== null) return { outcome: 'invalid' };
    const reused = { outcome: 'reused', userId: found.user_id, familyId: found.family_id } as const;
    if (found.used_at !== null) {
      await revokeRefreshFamily(trx, found.family_id, now);
      return reused;
    }
    if (found.expires_at.getTime() <= now.getTime()) return { outcome: 'invalid' };
    if (found.disabled) return { outcome: 'disabled' };
    if (!(await markRefreshTokenUsed(trx, found.id, now))) {
      // Another request spent it between our read and our update: the same token, twice.
      await revokeRefreshFamily(trx, found.family_id, now);
      return reused;
    }
    const refreshToken = await issueRefreshToken(trx, found.family_id, now, ttlDays);
    const user: TokenOwner = {
      id: found.user_id,
      email: found.email,
      name: found.name,
      role: found.role,
      disabled: found.disabled,
      created_at: found.user_created_at,
    };
    return { outcome: 'rotated', user, refreshToken };
  });
}

async function issueRefreshToken(trx: Executor, familyId: string, now: Date, ttlDays: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertRefreshToken(trx, {
    id: newId(),
    family_id: familyId,
    token_hash: hashRefreshToken(token),
    expires_at: new Date(now.getTime() + ttlDays * DAY_MS),
    created_at: now,
  });
  return token;
}
