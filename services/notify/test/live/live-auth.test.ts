import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import WebSocketClient from 'ws';
import { denyAccessToken, revokeTokensOfUser } from '@pustaka/kit/auth';
import { describeService } from '@pustaka/kit/testing';
import { startLiveSuite } from './live-support.ts';
import { openSocket, signedInSocket } from './test-socket.ts';

describeService('live sockets: who may hold one', startLiveSuite, (sut) => {
  const member = (expiresInSeconds = 900, userId = randomUUID()) => sut.tokens.issue({ role: 'member', userId, expiresInSeconds });

  it('signs a socket in with the access token in its first message', async () => {
    const userId = randomUUID();
    const socket = await openSocket(sut.wsUrl);
    socket.send({ type: 'auth', token: await member(900, userId) });
    const ready = await socket.take('ready');
    expect(ready).toMatchObject({ memberId: userId, replayed: 0, complete: true });
    socket.close();
  });

  it('answers a plain HTTP request with 426 and a problem document', async () => {
    const response = await fetch(sut.wsUrl.replace(/^ws/, 'http'));
    expect(response.status).toBe(426);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'UPGRADE_REQUIRED' });
  });

  it('closes a socket whose first message is not auth, or that sends nothing in time', async () => {
    const early = await openSocket(sut.wsUrl);
    early.send({ type: 'subscribe', topic: `seats:${randomUUID()}` });
    expect(await early.closed).toEqual({ code: 4401, reason: 'AUTH_REQUIRED' });
    const silent = await openSocket(sut.wsUrl);
    expect(await silent.closed).toEqual({ code: 4401, reason: 'AUTH_TIMEOUT' });
  });

  it('refuses a forged, an expired and a revoked token', async () => {
    const forged = await openSocket(sut.wsUrl);
    forged.send({ type: 'auth', token: 'a.b.c' });
    expect(await forged.closed).toEqual({ code: 4401, reason: 'INVALID_TOKEN' });

    const expired = await openSocket(sut.wsUrl);
    expired.send({ type: 'auth', token: await member(-60) });
    expect(await expired.closed).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });

    const token = await member();
    const { jti, exp } = decodeJwt(token);
    await denyAccessToken(sut.authCache, jti!, exp!);
    const revoked = await openSocket(sut.wsUrl);
    revoked.send({ type: 'auth', token });
    expect(await revoked.closed).toEqual({ code: 4401, reason: 'TOKEN_REVOKED' });
  });

  it('closes an open socket once its member is revoked', async () => {
    const userId = randomUUID();
    const socket = await signedInSocket(sut.wsUrl, await member(900, userId));
    await revokeTokensOfUser(sut.authCache, userId, 900);
    expect(await socket.closed).toEqual({ code: 4401, reason: 'TOKEN_REVOKED' });
  });

  it('closes the socket when the token expires, unless it is renewed on the socket', async () => {
    const userId = randomUUID();
    const lapsing = await signedInSocket(sut.wsUrl, await member(2, userId));
    const renewed = await signedInSocket(sut.wsUrl, await member(2, userId));
    const fresh = await member(900, userId);
    renewed.send({ type: 'renew', token: fresh });
    expect(await renewed.take('renewed')).toMatchObject({ expiresAt: decodeJwt(fresh).exp });

    const startedAt = Date.now();
    expect(await lapsing.closed).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });
    expect(Date.now() - startedAt).toBeLessThan(3_500);
    await new Promise((resolve) => setTimeout(resolve, 500));
    renewed.send({ type: 'subscribe', topic: `stock:${randomUUID()}` });
    await renewed.take('subscribed');
    renewed.close();
  });

  it("refuses to renew with another member's, an older or an invalid token, and keeps the socket", async () => {
    const userId = randomUUID();
    const socket = await signedInSocket(sut.wsUrl, await member(900, userId));
    for (const token of [await member(1_800), await member(60, userId), 'x.y.z']) {
      socket.send({ type: 'renew', token });
      expect(await socket.take('error')).toMatchObject({ code: 'RENEW_REFUSED' });
    }
    socket.send({ type: 'auth', token: await member(900, userId) });
    expect(await socket.take('error')).toMatchObject({ code: 'ALREADY_AUTHENTICATED' });
    socket.close();
  });

  it('holds at most the configured number of sockets per member', async () => {
    const userId = randomUUID();
    const tabs = await Promise.all([1, 2, 3].map(async () => signedInSocket(sut.wsUrl, await member(900, userId))));
    const fourth = await openSocket(sut.wsUrl);
    fourth.send({ type: 'auth', token: await member(900, userId) });
    expect(await fourth.closed).toEqual({ code: 4429, reason: 'TOO_MANY_CONNECTIONS' });
    tabs[0]!.close();
    await tabs[0]!.closed;
    const another = await signedInSocket(sut.wsUrl, await member(900, userId));
    for (const tab of [...tabs, another]) tab.close();
    await Promise.all([...tabs, another].map((tab) => tab.closed));
  });

  it('answers malformed messages with stable error codes, and closes on an oversized one', async () => {
    const socket = await signedInSocket(sut.wsUrl, await member());
    socket.sendRaw('not json');
    expect(await socket.take('error')).toMatchObject({ code: 'INVALID_MESSAGE' });
    socket.send({ type: 'dance' });
    expect(await socket.take('error')).toMatchObject({ code: 'INVALID_MESSAGE' });
    socket.send({ type: 'subscribe', topic: 'seats:../../etc' });
    expect(await socket.take('error')).toMatchObject({ code: 'INVALID_TOPIC' });
    socket.sendRaw(new TextEncoder().encode('{}').buffer as ArrayBuffer);
    expect(await socket.take('error')).toMatchObject({ code: 'INVALID_MESSAGE' });
    for (let n = 0; n < 3; n += 1) socket.send({ type: 'subscribe', topic: `seats:${randomUUID()}` });
    for (let n = 0; n < 3; n += 1) await socket.take('subscribed');
    socket.send({ type: 'subscribe', topic: `seats:${randomUUID()}` });
    expect(await socket.take('error')).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    socket.sendRaw(JSON.stringify({ type: 'renew', token: 'x'.repeat(5_000) }));
    expect((await socket.closed).code).toBe(1009);
  });

  it('drops a socket that stops answering pings', async () => {
    const before = sut.live.stats().connections;
    const client = new WebSocketClient(sut.wsUrl, { autoPong: false });
    await new Promise((resolve) => client.once('open', resolve));
    client.send(JSON.stringify({ type: 'auth', token: await member() }));
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    // Terminated, not closed: a dead peer would not answer a close handshake either.
    expect(await closed).toBe(1006);
    expect(sut.live.stats().connections).toBe(before);
  });
});
