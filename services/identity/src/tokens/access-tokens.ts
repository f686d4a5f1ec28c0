import { SignJWT } from 'jose';
import type { Role } from '@pustaka/kit/auth';
import { newId } from '@pustaka/kit/db';
import type { SigningKeys } from '../keys/signing-keys.service.ts';
import { SIGNING_ALGORITHM } from '../keys/signing-keys.service.ts';

export type SignAccessToken = (subject: { userId: string; role: Role }, now: Date) => Promise<string>;

export interface AccessTokenOptions {
  key: SigningKeys['current'];
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Signs short-lived access tokens that every service verifies locally.
 *
 * `iat` keeps milliseconds (a fractional NumericDate, as RFC 7519 allows): revocation compares it
 * with the moment a user's tokens were revoked, and a token issued right after a role change must
 * not be caught by it.
 *
 * @example
 *   const sign = createAccessTokenSigner({ key, issuer: 'pustaka', audience: 'pustaka', ttlSeconds: 900 });
 *   const token = await sign({ userId, role: 'member' }, new Date());
 */
export function createAccessTokenSigner(options: AccessTokenOptions): SignAccessToken {
  return async ({ userId, role }, now) => {
    const issuedAt = now.getTime() / 1000;
    return new SignJWT({ role, iat: issuedAt })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: options.key.kid, typ: 'JWT' })
      .setSubject(userId)
      .setJti(newId())
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setExpirationTime(Math.floor(issuedAt) + options.ttlSeconds)
      .sign(options.key.privateKey);
  };
}
