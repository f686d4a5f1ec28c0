import { request as httpRequest } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { describeService } from '@pustaka/kit/testing';
import { ADMIN, startSweepShop } from './sweep/sweep-shop.ts';

const PUBLIC_BASE_URL = 'https://shop.example.com';
const FORGED = 'evil.example';
/** Every line the platform logs, at debug. */
const lines: string[] = [];
const capturing = () => createLogger({ name: 'trust', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });

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

describeService(
  'secrets and trust: what the logs hold and where links point',
  startSweepShop({ env: { PUBLIC_BASE_URL, LOG_LEVEL: 'debug' }, logger: capturing() }),
  (shop, { storage }) => {
    /** Every secret the run handles; none may appear in any log line. */
    const secrets = new Set<string>([ADMIN.password, 'a long enough secret']);

    beforeAll(() => {
      for (const token of Object.values(shop.cast.tokens)) if (token) secrets.add(token);
    });

    it('builds feed and .ics links from PUBLIC_BASE_URL, whatever Host or X-Forwarded-Host the request names', async () => {
      const forged = { host: FORGED, 'x-forwarded-host': FORGED, 'x-forwarded-proto': 'http', authorization: `Bearer ${shop.cast.tokens.member}` };
      const issued = await rawRequest(shop.base, 'POST', '/api/calendar/token', forged);
      expect(issued.status).toBe(201);
      const { feedUrl } = JSON.parse(issued.body) as { feedUrl: string };
      expect(feedUrl).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/api/calendar/[\\w-]+\\.ics$`));
      secrets.add(
        new URL(feedUrl).pathname
          .split('/')
          .pop()!
          .replace(/\.ics$/, ''),
      );

      const feed = await rawRequest(shop.base, 'GET', new URL(feedUrl).pathname, { host: FORGED, 'x-forwarded-host': FORGED });
      expect(feed.status).toBe(200);
      expect(feed.body).toContain(`URL;VALUE=URI:${PUBLIC_BASE_URL}/api/events/`);
      const bookingId = shop.cast.world.pathValue('/api/bookings/{id}', 'id');
      const ics = await rawRequest(shop.base, 'GET', `/api/bookings/${bookingId}/calendar.ics`, forged);
      expect(ics.status).toBe(200);
      expect(ics.body).toContain(`URL;VALUE=URI:${PUBLIC_BASE_URL}/api/events/`);
      for (const answer of [issued, feed, ics]) expect(answer.body).not.toContain(FORGED);
    });

    it('logs no password, hash, access token, refresh token or feed token, even from a failed statement', async () => {
      const signIn = await shop.api.post('/api/auth/login', { body: { email: 'sweep-member@shop.test', password: 'a long enough secret' } });
      const rotated = await shop.api.post('/api/auth/refresh', { body: { refreshToken: signIn.body.refreshToken } });
      expect(rotated.status).toBe(200);
      await shop.api.post('/api/auth/logout', { token: rotated.body.accessToken, body: { refreshToken: rotated.body.refreshToken } });
      for (const token of [signIn.body.accessToken, signIn.body.refreshToken, rotated.body.accessToken, rotated.body.refreshToken]) secrets.add(token);

      // A database error on register: the insert carries the new member's argon2id hash.
      const failing = 'a password for a failing insert';
      secrets.add(failing);
      await sql`alter table identity.users add constraint no_new_users check (created_at < '2000-01-01') not valid`.execute(storage.database.root);
      try {
        const refused = await shop.api.post('/api/auth/register', { body: { email: 'failing@shop.test', password: failing, name: 'Failing' } });
        expect(refused.status).toBe(500);
        expect(JSON.stringify(refused.body)).not.toMatch(/argon2|no_new_users|violates/);
      } finally {
        await sql`alter table identity.users drop constraint no_new_users`.execute(storage.database.root);
      }

      const failure = lines.find((line) => line.includes('"23514"'));
      expect(failure, 'the failed insert is logged, with its code and constraint').toContain('no_new_users');
      // The feed's request line names its route, the pattern, never the token in the URL.
      expect(lines.some((line) => line.includes('"route":"/api/calendar/:token.ics"'))).toBe(true);
      const leaks = lines.filter((line) => line.includes('$argon2') || [...secrets].some((secret) => line.includes(secret)));
      expect(leaks).toEqual([]);
    });
  },
);
