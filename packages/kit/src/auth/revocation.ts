import type { Cache } from '../cache/cache.ts';

/**
 * Revocations live in the cache's `auth` security scope (never evicted to make room for cached
 * data), shared by identity (which writes them) and every verifier (which reads them). Entries only
 * need to live as long as the tokens they stop.
 */
const deniedKey = (tokenId: string) => `denied:${tokenId}`;
const revokedBeforeKey = (userId: string) => `revoked-before:${userId}`;

/** Stops one access token at once (logout); kept until the token would have expired anyway. */
export async function denyAccessToken(authCache: Cache, tokenId: string, expiresAt: number, now = Date.now()): Promise<void> {
  const ttl = Math.ceil(expiresAt - now / 1000);
  if (ttl > 0) await authCache.set(deniedKey(tokenId), 1, ttl);
}

/**
 * Stops every access token of a user issued up to now (account disabled, role changed). Kept for
 * the longest access-token lifetime, after which no such token is valid anyway.
 */
export async function revokeTokensOfUser(authCache: Cache, userId: string, accessTokenTtlSeconds: number, now = Date.now()): Promise<void> {
  await authCache.set(revokedBeforeKey(userId), now / 1000, accessTokenTtlSeconds + 60);
}

/** True when the token was revoked by either of the above. */
export async function isRevoked(authCache: Cache, token: { tokenId: string; userId: string; issuedAt: number }): Promise<boolean> {
  const [denied, revokedBefore] = await Promise.all([authCache.get<number>(deniedKey(token.tokenId)), authCache.get<number>(revokedBeforeKey(token.userId))]);
  // identity signs `iat` with millisecond precision (a fractional NumericDate, as RFC 7519 allows),
  // so a token issued just after a revocation is not caught by it.
  return denied !== undefined || (revokedBefore !== undefined && token.issuedAt < revokedBefore);
}
