import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { describeEachBackend, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';
import { buildSweepWorld } from './sweep/sweep-world.ts';
import type { SweepCast } from './sweep/sweep-world.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };
const PUBLIC_BASE_URL = 'https://shop.example.com';
const FORGED = 'evil.example';

/** A request with headers fetch() will not send as given (Host). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, base), { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject).end();
  });
}

describeEachBackend('secrets and trust: what the logs hold and where links point', (backend) => {
  let storage: TestStorage;
  let platform: Platform;
  let base: string;
  let api: HttpClient;
  let cast: SweepCast;
  const lines: string[] = [];
  /** Every secret the run handles; none may appear in any log line. */
  const secrets = new Set<string>([ADMIN.password, 'a long enough secret']);

  beforeAll(async () => {
    storage = await backend.open();
    const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'false', PUBLIC_BASE_URL });
    const logger = createLogger({ name: 'trust', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    platform = await buildEmbedded(config, logger, storage.database, storage.cache);
    base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    api = httpClient(base);
    cast = await buildSweepWorld(api, ADMIN);
    for (const token of Object.values(cast.tokens)) if (token) secrets.add(token);
  });
  afterAll(async () => {
    await platform?.close();
    await storage?.dispose();
  });

  it('builds feed and .ics links from PUBLIC_BASE_URL, whatever Host or X-Forwarded-Host the request names', async () => {
    const forged = { host: FORGED, 'x-forwarded-host': FORGED, 'x-forwarded-proto': 'http', authorization: `Bearer ${cast.tokens.member}` };
    const issued = await rawRequest(base, 'POST', '/api/calendar/token', forged);
    expect(issued.status).toBe(201);
    const { feedUrl } = JSON.parse(issued.body) as { feedUrl: string };
    expect(feedUrl).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/api/calendar/[\\w-]+\\.ics$`));
    secrets.add(
      new URL(feedUrl).pathname
        .split('/')
        .pop()!
        .replace(/\.ics$/, ''),
    );

    const feed = await rawRequest(base, 'GET', new URL(feedUrl).pathname, { host: FORGED, 'x-forwarded-host': FORGED });
    expect(feed.status).toBe(200);
    expect(feed.body).toContain(`URL;VALUE=URI:${PUBLIC_BASE_URL}/api/events/`);
    const bookingId = cast.world.pathValue('/api/bookings/{id}', 'id');
    const ics = await rawRequest(base, 'GET', `/api/bookings/${bookingId}/calendar.ics`, forged);
    expect(ics.status).toBe(200);
    expect(ics.body).toContain(`URL;VALUE=URI:${PUBLIC_BASE_URL}/api/events/`);
    for (const answer of [issued, feed, ics]) expect(answer.body).not.toContain(FORGED);
  });

  it('logs no password, hash, access token, refresh token or feed token, even from a failed statement', async () => {
    const signIn = await api.post('/api/auth/login', { body: { email: 'sweep-member@shop.test', password: 'a long enough secret' } });
    const rotated = await api.post('/api/auth/refresh', { body: { refreshToken: signIn.body.refreshToken } });
    expect(rotated.status).toBe(200);
    await api.post('/api/auth/logout', { token: rotated.body.accessToken, body: { refreshToken: rotated.body.refreshToken } });
    for (const token of [signIn.body.accessToken, signIn.body.refreshToken, rotated.body.accessToken, rotated.body.refreshToken]) secrets.add(token);

    // A database error on register: the insert carries the new member's argon2id hash.
    const failing = 'a password for a failing insert';
    secrets.add(failing);
    await sql`alter table identity.users add constraint no_new_users check (created_at < '2000-01-01') not valid`.execute(storage.database.root);
    try {
      const refused = await api.post('/api/auth/register', { body: { email: 'failing@shop.test', password: failing, name: 'Failing' } });
      expect(refused.status).toBe(500);
      expect(JSON.stringify(refused.body)).not.toMatch(/argon2|no_new_users|violates/);
    } finally {
      await sql`alter table identity.users drop constraint no_new_users`.execute(storage.database.root);
    }

    const failure = lines.find((line) => line.includes('"23514"'));
    expect(failure, 'the failed insert is logged, with its code and constraint').toContain('no_new_users');
    expect(lines.some((line) => line.includes('/api/calendar/[redacted]'))).toBe(true);
    const leaks = lines.filter((line) => line.includes('$argon2') || [...secrets].some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
