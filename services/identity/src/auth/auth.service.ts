import { denyAccessToken, revokeTokensOfUser } from '@pustaka/kit/auth';
import type { Caller } from '@pustaka/kit/auth';
import { isUniqueViolation } from '@pustaka/kit/db';
import { AppError } from '@pustaka/kit/errors';
import type { IdentityContext } from '../identity.context.ts';
import { hashPassword, verifyPassword } from '../passwords/passwords.ts';
import { revokeFamilyOfToken } from '../tokens/refresh-tokens.repository.ts';
import { hashRefreshToken, rotateRefreshToken, startRefreshFamily } from '../tokens/refresh-tokens.service.ts';
import type { TokenOwner } from '../tokens/refresh-tokens.service.ts';
import { normaliseEmail } from '../users/email.ts';
import { findUserByEmail, insertUser } from '../users/users.repository.ts';
import { newUserRow, toUser } from '../users/users.service.ts';
import { recordUserRegistered } from '../users/user-events.ts';
import type { LoginBody, RegisterBody, Session } from './auth.schema.ts';
import { admitLoginAttempt, recordLoginFailure, recordLoginSuccess } from './login-throttle.ts';
import { admitRegistration } from './registration-limit.ts';

/**
 * Creates a member account and signs it in. One account per email, enforced by the database. The
 * address's sign-up limit is checked first: hashing is what a flood would make us spend.
 */
export async function register(context: IdentityContext, input: RegisterBody, address: string): Promise<Session> {
  await admitRegistration(context, address);
  // Hashed before the transaction: argon2 is slow and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
  const row = newUserRow({ email: normaliseEmail(input.email), name: input.name, role: 'member', passwordHash }, now);
  try {
    const refreshToken = await context.db.transaction().execute(async (trx) => {
      await insertUser(trx, row);
      await recordUserRegistered(context, trx, row);
      return startRefreshFamily(trx, row.id, now, context.settings.REFRESH_TOKEN_TTL_DAYS);
    });
    context.events.notify();
    return await toSession(context, row, refreshToken, now);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('conflict', 'EMAIL_TAKEN', 'An account with this email already exists');
    }
    throw error;
  }
}

/**
 * Signs in with email and password. An unknown email and a wrong password look the same, in the
 * answer and in the time taken; throttling is checked before any hashing, so it also caps the
 * work an attacker can make us do.
 */
export async function logIn(context: IdentityContext, input: LoginBody, address: string): Promise<Session> {
  const email = normaliseEmail(input.email);
  await admitLoginAttempt(context, email, address);
  const user = await findUserByEmail(context.db, email);
  const valid = await verifyPassword(user?.password_hash ?? context.dummyPasswordHash, input.password);
  if (!user || !valid) {
    await recordLoginFailure(context, email, address);
    throw new AppError('unauthorized', 'INVALID_CREDENTIALS', 'The email or password is wrong');
  }
  await recordLoginSuccess(context, email, address);
  if (user.disabled) throw accountDisabled();
  const now = context.now();
  const refreshToken = await context.db.transaction().execute((trx) => startRefreshFamily(trx, user.id, now, context.settings.REFRESH_TOKEN_TTL_DAYS));
  return toSession(context, user, refreshToken, now);
}

/**
 * Trades a refresh token for a new pair; the presented token is spent. Its twin within
 * REFRESH_GRACE_SECONDS (a second tab, a retry) gets the same pair.
 */
export async function refresh(context: IdentityContext, presented: string): Promise<Session> {
  const now = context.now();
  const rotation = await rotateRefreshToken(
    {
      db: context.db,
      graceState: context.securityState,
      graceSeconds: context.settings.REFRESH_GRACE_SECONDS,
      ttlDays: context.settings.REFRESH_TOKEN_TTL_DAYS,
      answer: (owner, refreshToken) => toSession(context, owner, refreshToken, now),
    },
    presented,
    now,
  );
  switch (rotation.outcome) {
    case 'rotated':
      return rotation.answer;
    case 'disabled':
      throw accountDisabled();
    case 'invalid':
      throw new AppError('unauthorized', 'INVALID_REFRESH_TOKEN', 'The refresh token is not valid; sign in again');
    case 'reused':
      // Whoever else holds the family may also hold a live access token from it.
      await revokeTokensOfUser(context.authCache, rotation.userId, context.settings.ACCESS_TOKEN_TTL_SECONDS, now.getTime());
      context.logger.warn({ userId: rotation.userId, familyId: rotation.familyId }, 'refresh token reused: family revoked');
      throw new AppError('unauthorized', 'REFRESH_REUSED', 'This refresh token was already used; sign in again');
  }
}

/**
 * Ends the session of that refresh token (only if it is the caller's) and the access token the
 * request carries, at once. Unknown or foreign refresh tokens are ignored: logging out always works.
 */
export async function logOut(context: IdentityContext, caller: Caller, refreshToken: string): Promise<void> {
  const now = context.now();
  await revokeFamilyOfToken(context.db, hashRefreshToken(refreshToken), caller.id, now);
  await denyAccessToken(context.authCache, caller.tokenId, caller.expiresAt, now.getTime());
}

async function toSession(context: IdentityContext, user: TokenOwner, refreshToken: string, now: Date): Promise<Session> {
  return {
    user: toUser(user),
    accessToken: await context.signAccessToken({ userId: user.id, role: user.role }, now),
    refreshToken,
    expiresIn: context.settings.ACCESS_TOKEN_TTL_SECONDS,
  };
}

function accountDisabled(): AppError {
  return new AppError('forbidden', 'ACCOUNT_DISABLED', 'This account has been disabled');
}
