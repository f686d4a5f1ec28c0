import { createHash, randomBytes } from 'node:crypto';
import type { Cache } from '@pustaka/kit/cache';
import { newId } from '@pustaka/kit/db';
import type { Executor, IdentityDb, UserRow } from '../identity.tables.ts';
import { recallRefreshAnswer, rememberRefreshAnswer } from './refresh-grace.ts';
import { findRefreshTokenByHash, insertRefreshFamily, insertRefreshToken, markRefreshTokenUsed, revokeRefreshFamily } from './refresh-tokens.repository.ts';

const DAY_MS = 86_400_000;

export type TokenOwner = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'disabled' | 'created_at'>;

export type Rotation<T> =
  | { outcome: 'rotated'; answer: T }
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

/** How to rotate: where answers wait for their twins, and what the answer to a new token is. */
export interface RotationPolicy<T> {
  db: IdentityDb;
  /** Security state (never evicted for cached data): answers kept for the grace window. */
  graceState: Cache;
  graceSeconds: number;
  ttlDays: number;
  /** The caller's answer for the new token (the session), built before the commit. */
  answer: (owner: TokenOwner, refreshToken: string) => Promise<T>;
}

type Found = NonNullable<Awaited<ReturnType<typeof findRefreshTokenByHash>>>;

/**
 * Spends a refresh token and issues its successor in the same family. A token presented after it
 * was spent means two parties hold the family (theft, or a replayed request), so the whole family
 * is revoked: its newest token stops working too and the user signs in again.
 *
 * Except within the grace window: a token spent less than `graceSeconds` ago whose answer is still
 * remembered gets that same answer, so two tabs refreshing at once both stay signed in. The answer
 * is remembered before the commit, so a twin queued on the token's row lock finds it as it wakes.
 */
export async function rotateRefreshToken<T>(policy: RotationPolicy<T>, presented: string, now: Date): Promise<Rotation<T>> {
  return policy.db.transaction().execute(async (trx): Promise<Rotation<T>> => {
    const found = await findRefreshTokenByHash(trx, hashRefreshToken(presented));
    if (!found || found.family_revoked_at !== null) return { outcome: 'invalid' };
    if (found.used_at !== null) {
      const withinGrace = now.getTime() - found.used_at.getTime() <= policy.graceSeconds * 1000;
      return answerTwinOrRevoke(trx, policy, found, presented, now, withinGrace);
    }
    if (found.expires_at.getTime() <= now.getTime()) return { outcome: 'invalid' };
    if (found.disabled) return { outcome: 'disabled' };
    if (!(await markRefreshTokenUsed(trx, found.id, now))) {
      // Another request spent it between our read and our update: the same token, just now.
      return answerTwinOrRevoke(trx, policy, found, presented, now, true);
    }
    const refreshToken = await issueRefreshToken(trx, found.family_id, now, policy.ttlDays);
    const answer = await policy.answer(ownerOf(found), refreshToken);
    if (policy.graceSeconds > 0) await rememberRefreshAnswer(policy.graceState, presented, answer, policy.graceSeconds);
    return { outcome: 'rotated', answer };
  });
}

async function answerTwinOrRevoke<T>(
  trx: Executor,
  policy: RotationPolicy<T>,
  found: Found,
  presented: string,
  now: Date,
  withinGrace: boolean,
): Promise<Rotation<T>> {
  const remembered = withinGrace && policy.graceSeconds > 0 ? await recallRefreshAnswer<T>(policy.graceState, presented) : undefined;
  if (remembered !== undefined) return { outcome: 'rotated', answer: remembered };
  await revokeRefreshFamily(trx, found.family_id, now);
  return { outcome: 'reused', userId: found.user_id, familyId: found.family_id };
}

function ownerOf(found: Found): TokenOwner {
  return {
    id: found.user_id,
    email: found.email,
    name: found.name,
    role: found.role,
    disabled: found.disabled,
    created_at: found.user_created_at,
  };
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
