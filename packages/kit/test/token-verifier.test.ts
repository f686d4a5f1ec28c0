import { describe, expect, it } from 'vitest';
import { openCache } from '../src/cache/cache.ts';
import { createTokenVerifier } from '../src/auth/token-verifier.ts';
import { denyAccessToken, revokeTokensOfUser } from '../src/auth/revocation.ts';
import { createTestTokens } from '../src/testing/test-tokens.ts';
import { eventually } from '../src/testing/http-client.ts';
import type { JSONWebKeySet } from 'jose';

async function setup() {
  const tokens = await createTestTokens();
  const module = await tokens.service({} as never);
  let fetches = 0;
  let keys: JSONWebKeySet = await module.jwks!();
  const authCache = openCache().scope('auth');
  const verify = createTokenVerifier({
    jwks: async () => {
      fetches += 1;
      return keys;
    },
    authCache,
    issuer: 'pustaka',
    audience: 'pustaka',
    reloadCooldownMs: 0,
  });
  return {
    tokens,
    verify,
    authCache,
    fetches: () => fetches,
    rotate: (next: JSONWebKeySet) => {
      keys = next;
    },
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code,
  );

describe('verifying access tokens', () => {
  it('accepts a valid token and exposes the caller', async () => {
    const { tokens, verify } = await setup();
    const caller = await verify(await tokens.issue({ role: 'staff', userId: 'u1' }));
    expect(caller).toMatchObject({ id: 'u1', role: 'staff' });
  });

  it('rejects a tampered token, an expired one and one from another issuer key', async () => {
    const { tokens, verify } = await setup();
    const token = await tokens.issue({ role: 'member' });
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url');
    expect(await codeOf(verify(`${header}.${forged}.${signature}`))).toBe('INVALID_TOKEN');
    expect(await codeOf(verify(await tokens.issue({ role: 'member', expiresInSeconds: -10 })))).toBe('TOKEN_EXPIRED');
    const stranger = await createTestTokens();
    expect(await codeOf(verify(await stranger.issue({ role: 'admin' })))).toBe('INVALID_TOKEN');
  });

  it('reloads the key set when a token names an unknown key id', async () => {
    const { verify, fetches, rotate } = await setup();
    await verify(await (await createTestTokens()).issue({ role: 'member' })).catch(() => {});
    const rotated = await createTestTokens();
    rotate(await (await rotated.service({} as never)).jwks!());
    const before = fetches();
    expect(await codeOf(verify(await rotated.issue({ role: 'member' })))).toBe('OK');
    expect(fetches()).toBe(before + 1);
  });

  it('rejects a denied token and every token of a revoked user, but not later ones', async () => {
    const { tokens, verify, authCache } = await setup();
    const token = await tokens.issue({ role: 'member', userId: 'u2' });
    const caller = await verify(token);
    await denyAccessToken(authCache, caller.tokenId, caller.expiresAt);
    expect(await codeOf(verify(token))).toBe('TOKEN_REVOKED');

    const older = await tokens.issue({ role: 'member', userId: 'u3' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await revokeTokensOfUser(authCache, 'u3', 900);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await tokens.issue({ role: 'member', userId: 'u3' });
    expect(await codeOf(verify(older))).toBe('TOKEN_REVOKED');
    expect(await codeOf(verify(newer))).toBe('OK');
  });

  it('still refuses a token it verified before once the token expires', async () => {
    const { tokens, verify } = await setup();
    const token = await tokens.issue({ role: 'member', expiresInSeconds: 1 });
    expect(await codeOf(verify(token))).toBe('OK');
    expect(await codeOf(verify(token))).toBe('OK');
    await eventually(async () => expect(await codeOf(verify(token))).toBe('TOKEN_EXPIRED'), 5_000);
  });
});
