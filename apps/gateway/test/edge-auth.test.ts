import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { denyAccessToken } from '@pustaka/kit/auth';
import { openCache } from '@pustaka/kit/cache';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { CALLER_ID_HEADER, CALLER_ROLE_HEADER } from '../src/forwarded-headers.ts';
import { startGateway, tokens } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

describe('the token check at the edge', () => {
  let sut: GatewayUnderTest;
  let api: HttpClient;
  // The revocations identity writes (in Redis in a cluster), here one the test holds.
  const cache = openCache();

  beforeAll(async () => {
    sut = await startGateway({}, undefined, { cache });
    api = httpClient(sut.url);
  });
  afterAll(async () => {
    await sut?.close();
    await cache.close();
  });

  const seenByOrders = () => sut.upstreams.orders.seen.length;

  it('answers 401 for a tampered, expired or revoked token without asking the upstream', async () => {
    const valid = await tokens.issue({ role: 'member' });
    const [header, , signature] = valid.split('.') as [string, string, string];
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(valid), role: 'admin' })).toString('base64url')}.${signature}`;
    const expired = await tokens.issue({ role: 'member', expiresInSeconds: -60 });
    const revoked = await tokens.issue({ role: 'member' });
    const claims = decodeJwt(revoked);
    await denyAccessToken(cache.securityScope('auth'), claims.jti!, claims.exp!);

    const before = seenByOrders();
    const answers = await Promise.all([forged, expired, revoked, 'not-a-jwt'].map((token) => api.get('/api/orders', { token })));
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([
      [401, 'INVALID_TOKEN'],
      [401, 'TOKEN_EXPIRED'],
      [401, 'TOKEN_REVOKED'],
      [401, 'INVALID_TOKEN'],
    ]);
    expect(answers[0]!.headers.get('content-type')).toContain('application/problem+json');
    expect(seenByOrders()).toBe(before);
    expect((await api.get('/api/orders', { token: valid })).status).toBe(200);
  });

  it('lets a request without a token through: the service decides what is public', async () => {
    const response = await api.get('/api/books');
    expect(response.status).toBe(200);
    expect(sut.upstreams.catalog.seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('tells the upstream who the verified caller is, and drops caller headers a client made up', async () => {
    const userId = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
    const token = await tokens.issue({ role: 'staff', userId });
    const forgedCaller = { [CALLER_ID_HEADER]: 'someone-else', [CALLER_ROLE_HEADER]: 'admin', 'x-pustaka-caller-extra': 'x' };

    await api.get('/api/books/1', { token, headers: forgedCaller });
    const signedIn = sut.upstreams.catalog.seen.at(-1)!.headers;
    expect(signedIn).toMatchObject({ [CALLER_ID_HEADER]: userId, [CALLER_ROLE_HEADER]: 'staff', authorization: `Bearer ${token}` });
    expect(signedIn['x-pustaka-caller-extra']).toBeUndefined();

    await api.get('/api/books/2', { headers: forgedCaller });
    const anonymous = sut.upstreams.catalog.seen.at(-1)!.headers;
    expect(Object.keys(anonymous).filter((name) => name.startsWith('x-pustaka-caller'))).toEqual([]);
  });
});
