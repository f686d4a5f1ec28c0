import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/caller.ts';
import type { ServiceFactory } from '../platform/service-module.ts';

export interface TestTokens {
  /** A stand-in for identity that only publishes signing keys, for suites of other services. */
  service: ServiceFactory;
  /** Signs an access token as identity would. */
  issue(claims: { role: Role; userId?: string; expiresInSeconds?: number }): Promise<string>;
}

/**
 * Access tokens for testing a service without running identity beside it.
 *
 * @example
 *   const tokens = await createTestTokens();
 *   const platform = await startTestPlatform(storage, [tokens.service, catalogService(settings)]);
 *   const staff = await tokens.issue({ role: 'staff' });
 */
export async function createTestTokens(issuer = 'pustaka', audience = 'pustaka'): Promise<TestTokens> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return {
    service: async () => ({ name: 'test-identity', routes: async () => {}, jwks: async () => ({ keys: [jwk] }) }),
    issue: async ({ role, userId = randomUUID(), expiresInSeconds = 900 }) => {
      const now = Date.now() / 1000;
      return new SignJWT({ role, iat: now })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime(Math.floor(now) + expiresInSeconds)
        .sign(privateKey);
    },
  };
}
