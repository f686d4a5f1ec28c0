import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { sql } from '@pustaka/kit/db';
import { createTestTokens, describeEachBackend, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { hashRefreshToken } from '../src/tokens/refresh-tokens.service.ts';
import { adjustableClock, logIn, registerMember, testSettings } from './fixtures.ts';

const DAY_MS = 86_400_000;
const CONCURRENT_REFRESHES = 12;
const GRACE_SECONDS = 5;
const PAST_GRACE_MS = (GRACE_SECONDS + 1) * 1000;

describeEachBackend('identity: sessions and tokens', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;
  const clock = adjustableClock();

  beforeAll(async () => {
    storage = await backend.open();
    platform = await startTestPlatform(storage, [identityService(testSettings({ REFRESH_GRACE_SECONDS: GRACE_SECONDS }))], { now: clock.now });
    api = httpClient(platform.url);
  });
  afterEach(() => clock.reset());
  afterAll(async () => platform?.close());

  /**
   * Holds the token's row lock while `race` starts, so on PostgreSQL every refresh reads the token
   * unspent and then queues on its update: the conditional update alone must pick one winner, and
   * the others must find its answer. (PGlite runs one transaction at a time, so there the refreshes
   * simply run in turn, each after the first finding the token spent just now.)
   */
  async function whileTokenRowIsLocked<T>(refreshToken: string, waiters: number, race: () => Promise<T>): Promise<T> {
    let raced: Promise<T> | undefined;
    await storage.database.root.transaction().execute(async (trx) => {
      await sql`select id from identity.refresh_tokens where token_hash = ${hashRefreshToken(refreshToken)} for update`.execute(trx);
      raced = race();
      if (storage.database.kind !== 'postgres') return;
      for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
        // Activity is snapshotted per transaction: clear it to see the waiters arrive.
        await sql`select pg_stat_clear_snapshot()`.execute(trx);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(trx);
        if ((rows[0]?.n ?? 0) >= waiters) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    return raced!;
  }

  const refresh = (refreshToken: string) => api.post('/api/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => api.get('/api/users/me', { token });

  describe('refresh', () => {
    it('rotates: a new pair for the user, and the old refresh token is spent', async () => {
      const session = await registerMember(api);
      const rotated = await refresh(session.refreshToken);
      expect(rotated.status).toBe(200);
      expect(rotated.body.user).toEqual(session.user);
      expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
      expect(decodeJwt(rotated.body.accessToken).jti).not.toBe(decodeJwt(session.accessToken).jti);
      expect((await me(rotated.body.accessToken)).status).toBe(200);
      expect((await refresh(rotated.body.refreshToken)).status).toBe(200);
    });

    it('revokes the whole family when a spent token comes back after the grace window, so the newer token dies too', async () => {
      const session = await registerMember(api);
      const rotated = await refresh(session.refreshToken);
      clock.shift(PAST_GRACE_MS);
      const replayed = await refresh(session.refreshToken);
      expect(replayed.status).toBe(401);
      expect(replayed.body.code).toBe('REFRESH_REUSED');
      const newer = await refresh(rotated.body.refreshToken);
      expect(newer.status).toBe(401);
      expect(newer.body.code).toBe('INVALID_REFRESH_TOKEN');
      // Whoever replayed it may hold an access token of the family as well.
      expect((await me(rotated.body.accessToken)).body.code).toBe('TOKEN_REVOKED');
    });

    it('answers a twin sent within the grace window (a second tab, a retry) with the very same pair', async () => {
      const session = await registerMember(api);
      const first = await refresh(session.refreshToken);
      clock.shift((GRACE_SECONDS - 1) * 1000);
      const twin = await refresh(session.refreshToken);
      expect(twin.status).toBe(200);
      expect(twin.body).toEqual(first.body);
      expect((await me(twin.body.accessToken)).status).toBe(200);
      expect((await refresh(twin.body.refreshToken)).status).toBe(200);
    });

    it('answers every concurrent refresh of one token with the same new pair, even when all read it unspent', async () => {
      const session = await registerMember(api);
      const responses = await whileTokenRowIsLocked(session.refreshToken, CONCURRENT_REFRESHES, () =>
        Promise.all(Array.from({ length: CONCURRENT_REFRESHES }, () => refresh(session.refreshToken))),
      );
      expect(responses.map((response) => response.status)).toEqual(Array.from({ length: CONCURRENT_REFRESHES }, () => 200));
      expect(new Set(responses.map((response) => response.body.refreshToken)).size).toBe(1);
      expect(new Set(responses.map((response) => response.body.accessToken)).size).toBe(1);
      const pair: { refreshToken: string; accessToken: string } = responses[0]!.body;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from identity.refresh_tokens t
        join identity.refresh_tokens spent on spent.family_id = t.family_id
        where spent.token_hash = ${hashRefreshToken(session.refreshToken)}`.execute(storage.database.root);
      // One successor was issued, not one per request.
      expect(rows[0]?.n).toBe(2);

      // Past the window the same token is a replay again: the family, the shared pair included, dies.
      clock.shift(PAST_GRACE_MS);
      expect((await refresh(session.refreshToken)).body.code).toBe('REFRESH_REUSED');
      expect((await refresh(pair.refreshToken)).body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await me(pair.accessToken)).body.code).toBe('TOKEN_REVOKED');
    });

    it('refuses a twin once its session was signed out, even within the grace window', async () => {
      const session = await registerMember(api);
      const rotated = await refresh(session.refreshToken);
      await api.post('/api/auth/logout', { token: rotated.body.accessToken, body: { refreshToken: rotated.body.refreshToken } });
      const twin = await refresh(session.refreshToken);
      expect(twin.status).toBe(401);
      expect(twin.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('keeps other sessions of the user alive when one family is revoked', async () => {
      const session = await registerMember(api);
      const other = await logIn(api, { email: session.user.email, password: session.password });
      await refresh(session.refreshToken);
      clock.shift(PAST_GRACE_MS);
      expect((await refresh(session.refreshToken)).body.code).toBe('REFRESH_REUSED');
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('rejects unknown and expired refresh tokens', async () => {
      const unknown = await refresh('x'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');

      const session = await registerMember(api);
      clock.shift(-31 * DAY_MS);
      const old = await logIn(api, { email: session.user.email, password: session.password });
      clock.reset();
      const expired = await refresh(old.refreshToken);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('INVALID_REFRESH_TOKEN');
    });
  });

  describe('logout', () => {
    it('answers 204, rejects the access token at once and kills the refresh family', async () => {
      const session = await registerMember(api);
      const loggedOut = await api.post('/api/auth/logout', { token: session.accessToken, body: { refreshToken: session.refreshToken } });
      expect(loggedOut.status).toBe(204);
      expect(loggedOut.body).toBeUndefined();
      const after = await me(session.accessToken);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('TOKEN_REVOKED');
      expect((await refresh(session.refreshToken)).body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('never revokes a family that belongs to someone else', async () => {
      const victim = await registerMember(api);
      const caller = await registerMember(api);
      const response = await api.post('/api/auth/logout', { token: caller.accessToken, body: { refreshToken: victim.refreshToken } });
      expect(response.status).toBe(204);
      expect((await refresh(victim.refreshToken)).status).toBe(200);
    });

    it('requires a signed-in caller', async () => {
      const response = await api.post('/api/auth/logout', { body: { refreshToken: 'whatever' } });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH_REQUIRED');
    });
  });

  describe('access tokens', () => {
    it('rejects a token whose signature was tampered with', async () => {
      const { accessToken } = await registerMember(api);
      const [header, payload, signature] = accessToken.split('.') as [string, string, string];
      const middle = Math.floor(signature.length / 2);
      const flipped = signature[middle] === 'A' ? 'B' : 'A';
      const tampered = `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
      const response = await me(tampered);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('INVALID_TOKEN');
    });

    it('rejects an expired token', async () => {
      const session = await registerMember(api);
      clock.shift(-2 * 3600_000);
      const old = await logIn(api, { email: session.user.email, password: session.password });
      clock.reset();
      const response = await me(old.accessToken);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('TOKEN_EXPIRED');
    });

    it('rejects tokens signed by any other key, even one claiming our key id', async () => {
      const session = await registerMember(api);
      const { kid } = decodeProtectedHeader(session.accessToken);
      const { privateKey } = await generateKeyPair('EdDSA');
      const forged = await new SignJWT({ role: 'admin', iat: Date.now() / 1000 })
        .setProtectedHeader({ alg: 'EdDSA', kid: kid! })
        .setSubject(session.user.id)
        .setJti('forged')
        .setIssuer('pustaka')
        .setAudience('pustaka')
        .setExpirationTime('5m')
        .sign(privateKey);
      const stranger = await (await createTestTokens()).issue({ role: 'admin' });
      for (const token of [forged, stranger]) {
        const response = await api.get('/api/users', { token });
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('INVALID_TOKEN');
      }
    });
  });
});
