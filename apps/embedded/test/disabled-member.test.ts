import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeEachBackend, eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';
import { buildSweepWorld } from './sweep/sweep-world.ts';
import type { SweepCast } from './sweep/sweep-world.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };

describeEachBackend('a member an admin disables', (backend) => {
  let storage: TestStorage;
  let platform: Platform;
  let api: HttpClient;
  let cast: SweepCast;

  beforeAll(async () => {
    storage = await backend.open();
    const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
    platform = await buildEmbedded(config, createLogger({ name: 'disabled', level: 'silent' }), storage.database, storage.cache);
    api = httpClient(await platform.app.listen({ port: 0, host: '127.0.0.1' }));
    cast = await buildSweepWorld(api, ADMIN);
  });
  afterAll(async () => {
    await platform?.close();
    await storage?.dispose();
  });

  it('loses their calendar feed as well as their tokens, and getting enabled again does not bring the old feed back', async () => {
    const feed = `/api/calendar/${cast.world.pathValue('/api/calendar/{token}.ics', 'token')}.ics`;
    expect((await api.get(feed)).status).toBe(200);
    const memberId = cast.world.pathValue('/api/users/{id}', 'id');

    const disabled = await api.patch(`/api/users/${memberId}`, { token: cast.tokens.admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((await api.get('/api/bookings', { token: cast.tokens.member })).body.code).toBe('TOKEN_REVOKED');
    await eventually(async () => {
      const answer = await api.get(feed);
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('CALENDAR_FEED_NOT_FOUND');
    });

    await api.patch(`/api/users/${memberId}`, { token: cast.tokens.admin, body: { disabled: false } });
    const signedIn = await api.post('/api/auth/login', { body: { email: 'sweep-member@shop.test', password: 'a long enough secret' } });
    expect(signedIn.status).toBe(200);
    expect((await api.get(feed)).status).toBe(404);
    const renewed = await api.post('/api/calendar/token', { token: signedIn.body.accessToken });
    expect((await api.get(new URL(renewed.body.feedUrl).pathname)).status).toBe(200);
  });
});
