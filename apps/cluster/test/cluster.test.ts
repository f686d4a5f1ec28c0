import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { clusterOptionsFromEnv } from '../config.ts';
import { dropDatabases, startCluster } from '../src/start-cluster.ts';
import type { Cluster } from '../src/start-cluster.ts';
import { listening, probeWhileStarting, queryRows, separateRedisDatabase, uniquePrefix } from './support.ts';
import type { ProbeAnswer } from './support.ts';
import { freeClusterPorts } from '../src/free-cluster-ports.ts';
import { randomIsbn13 } from '@pustaka/catalog/testing';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');
const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.com`, password: 'a long admin passphrase' };
const STOCK = 50;
const run = promisify(execFile);
const BUYERS = 200;

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('npm run cluster (real PostgreSQL, Redis and RabbitMQ)', () => {
  let cluster: Cluster;
  let api: HttpClient;
  const lines: string[] = [];
  const tokens = { member: '', staff: '' };
  let bookId = '';

  let startingAnswers: Promise<ProbeAnswer[]>;

  beforeAll(async () => {
    const quiet = { LOG_LEVEL: 'info', LOG_PRETTY: 'false' };
    const ports = await freeClusterPorts();
    const starting = startCluster({
      ...clusterOptionsFromEnv({}),
      host: '127.0.0.1',
      ports,
      postgresUrl: postgresUrl!,
      redisUrl: separateRedisDatabase(redisUrl!),
      amqpUrl: amqpUrl!,
      databasePrefix: uniquePrefix(),
      stopGraceMs: 5_000,
      env: {
        // Every request comes from 127.0.0.1: limits per address are for real clients, not this test.
        identity: {
          ...quiet,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
          REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000',
        },
        catalog: quiet,
        orders: quiet,
        ticketing: quiet,
        gateway: { ...quiet, RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '100000' },
      },
      onLine: (service, line) => lines.push(`${service} | ${line}`),
    });
    // A client that starts with the cluster: from the gateway's first accepted connection on.
    startingAnswers = probeWhileStarting(`http://127.0.0.1:${ports.gateway}`, ['/readyz', '/api/books?pageSize=1', '/api/events'], starting);
    cluster = await starting;
    api = httpClient(cluster.urls.gateway);
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${lines.slice(-60).join('\n')}`));
  });

  afterAll(async () => {
    await cluster?.stop();
    if (cluster)
      await dropDatabases(
        postgresUrl!,
        Object.values(cluster.databases).map((database) => database.name),
      );
  });

  it('starts the gateway once the services are ready: from its first accepted connection, no 5xx once /readyz is 200', async () => {
    const answers = await startingAnswers;
    const ready = answers.findIndex((answer) => answer.path === '/readyz' && answer.status === 200);
    expect(ready, JSON.stringify(answers.slice(0, 10))).toBeGreaterThanOrEqual(0);
    const afterReady = answers.slice(ready);
    expect(afterReady.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(afterReady.filter((answer) => answer.path !== '/readyz').length).toBeGreaterThan(10);
    // The launcher waits for every service before it starts the gateway, so nothing before it failed either.
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
  });

  it('serves every service through the gateway: sign-up, the configured admin, promoting staff, the seeded shop', async () => {
    const member = await api.post('/api/auth/register', { body: { email: `m-${randomUUID()}@example.com`, password: 'a long passphrase', name: 'Member' } });
    expect(member.status).toBe(201);
    tokens.member = member.body.accessToken;
    const staffEmail = `s-${randomUUID()}@example.com`;
    const staff = await api.post('/api/auth/register', { body: { email: staffEmail, password: 'a long passphrase', name: 'Staff' } });

    const admin = await api.post('/api/auth/login', { body: ADMIN });
    expect(admin.status).toBe(200);
    expect(admin.body.user.role).toBe('admin');
    const promoted = await api.patch(`/api/users/${staff.body.user.id}`, { token: admin.body.accessToken, body: { role: 'staff' } });
    expect(promoted.body.role).toBe('staff');
    // The role is a claim of the token: sign in again to carry it.
    tokens.staff = (await api.post('/api/auth/login', { body: { email: staffEmail, password: 'a long passphrase' } })).body.accessToken;

    const shop = await api.get('/api/books?pageSize=1');
    expect(shop.body.total).toBeGreaterThanOrEqual(200);
  });

  it('refuses a signed-out token at the gateway itself, from the revocation identity keeps in Redis', async () => {
    const session = await api.post('/api/auth/register', { body: { email: `o-${randomUUID()}@example.com`, password: 'a long passphrase', name: 'Out' } });
    const token = session.body.accessToken;
    expect((await api.get('/api/users/me', { token })).status).toBe(200);
    expect((await api.post('/api/auth/logout', { token, body: { refreshToken: session.body.refreshToken } })).status).toBe(204);

    const requestId = randomUUID();
    const refused = await api.get('/api/users/me', { token, headers: { 'x-request-id': requestId } });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('TOKEN_REVOKED');
    await eventually(async () => expect(lines.some((line) => line.startsWith('gateway |') && line.includes(requestId))).toBe(true));
    expect(lines.filter((line) => line.includes(requestId) && !line.startsWith('gateway |'))).toEqual([]);
  });

  it(`sells exactly ${STOCK} copies to ${BUYERS} concurrent buyers, and commits every reservation once the events settle`, async () => {
    const category = await api.post('/api/categories', { token: tokens.staff, body: { name: `Cluster ${randomUUID().slice(0, 8)}` } });
    expect(category.status).toBe(201);
    const book = await api.post('/api/books', {
      token: tokens.staff,
      body: {
        title: 'Contended',
        authors: ['A. Writer'],
        isbn: randomIsbn13(),
        publicationYear: 2020,
        price: 1500,
        currency: 'USD',
        stock: STOCK,
        location: 'C1-1',
        categoryId: category.body.id,
      },
    });
    expect(book.status).toBe(201);
    bookId = book.body.id;

    const answers = await Promise.all(
      Array.from({ length: BUYERS }, () => api.post('/api/orders', { token: tokens.member, body: { items: [{ bookId, quantity: 1 }] } })),
    );
    const byStatus = Object.groupBy(answers, (answer) => String(answer.status));
    expect({ placed: byStatus['201']?.length, refused: byStatus['409']?.length }).toEqual({ placed: STOCK, refused: BUYERS - STOCK });
    expect(new Set(byStatus['409']!.map((answer) => answer.body.code))).toEqual(new Set(['OUT_OF_STOCK']));
    expect((await api.get(`/api/books/${bookId}`)).body.stock).toBe(0);

    await eventually(
      async () => {
        const rows = await queryRows<{ status: string; count: number }>(
          cluster.databases.catalog.url,
          'select status, count(*)::int as count from catalog.stock_reservations group by status',
        );
        expect(rows).toEqual([{ status: 'committed', count: STOCK }]);
      },
      30_000,
      250,
    );
  });

  it('serves the web app at /, its pages rendered on the server with the shop the services hold', async () => {
    const book = (await api.get('/api/books?pageSize=1&sort=title')).body.items[0];
    const page = await fetch(`${cluster.urls.gateway}/books/${book.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("'nonce-");
    const html = await page.text();
    expect(html).toContain(`<title>${book.title} · Pustaka</title>`);
    expect((await fetch(`${cluster.urls.gateway}/api/no-such-thing`)).headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("documents every service's routes at the gateway", async () => {
    const { body } = await api.get('/docs/json');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/books/{id}', '/api/orders', '/api/books/{id}/orders']));
  });

  it('books a seat through the gateway: staff publish an event, a member holds and books, booking.confirmed goes out', async () => {
    const startsAt = new Date(Date.now() + 7 * 24 * 3_600_000);
    const event = await api.post('/api/events', {
      token: tokens.staff,
      body: {
        title: 'Cluster launch',
        venue: 'Hall',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        timezone: 'Asia/Jakarta',
        currency: 'IDR',
        seating: { kind: 'seated', sections: [{ name: 'Stalls', rows: ['A'], seatsPerRow: 4, price: 50_000 }] },
      },
    });
    expect(event.status).toBe(201);
    expect((await api.post(`/api/events/${event.body.id}/publish`, { token: tokens.staff })).status).toBe(200);
    const hold = await api.post(`/api/events/${event.body.id}/holds`, { token: tokens.member, body: { seatIds: ['A-2', 'A-3'] } });
    expect(hold.status).toBe(201);
    const booking = await api.post('/api/bookings', { token: tokens.member, body: { holdId: hold.body.holdId } });
    expect(booking.body).toMatchObject({ status: 'confirmed', seats: ['A-2', 'A-3'], total: 100_000 });
    const seats = (await api.get(`/api/events/${event.body.id}/seats`, { token: tokens.member })).body.seats as { id: string; status: string; mine: boolean }[];
    expect(seats.filter((seat) => seat.status === 'booked').map((seat) => [seat.id, seat.mine])).toEqual([
      ['A-2', true],
      ['A-3', true],
    ]);
    await eventually(
      async () => {
        const rows = await queryRows<{ sent: number }>(
          cluster.databases.ticketing.url,
          "select count(*)::int as sent from ticketing.outbox where type = 'booking.confirmed' and published_at is not null",
        );
        expect(rows).toEqual([{ sent: 1 }]);
      },
      15_000,
      250,
    );
  });

  it('rebuilds the search index through the gateway (npm run reindex --url), discovery asking the catalog and ticketing over gRPC', async () => {
    const books = (await api.get('/api/books?pageSize=1')).body.total as number;
    // The demo shop's events and the booking test's.
    const events = (await api.get('/api/events?pageSize=1')).body.total as number;
    const command = fileURLToPath(new URL('../../embedded/reindex.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [command, '--url', cluster.urls.gateway], {
      env: { PATH: process.env.PATH, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      timeout: 120_000,
    });
    // The orders are the ones the stock test placed, the booking the booking test's.
    expect(stdout).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${books} books, ${events} events, ${STOCK} orders, 1 bookings\\.`));
    expect((await api.get('/api/search?q=laskar+pelangi')).body.items[0].title).toBe('Laskar Pelangi');
  });

  it("rebuilds the dashboard's rollups through the gateway (npm run rebuild -- analytics --url), analytics asking the owners over gRPC", async () => {
    const books = (await api.get('/api/books?pageSize=1')).body.total as number;
    // The demo shop's events and the booking test's.
    const events = (await api.get('/api/events?pageSize=1')).body.total as number;
    const command = fileURLToPath(new URL('../../embedded/rebuild.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [command, 'analytics', '--url', cluster.urls.gateway], {
      env: { PATH: process.env.PATH, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      timeout: 120_000,
    });
    expect(stdout).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${books} books, ${events} events, ${STOCK} orders, 1 bookings\\.`));
  });

  it('answers an order with 503 UPSTREAM_UNAVAILABLE within seconds once the catalog is killed', async () => {
    await cluster.kill('catalog', 'SIGKILL');
    const started = Date.now();
    const order = await api.post('/api/orders', { token: tokens.member, body: { items: [{ bookId, quantity: 1 }] } });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(order.status).toBe(503);
    expect(order.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(order.headers.get('retry-after')).toBeTruthy();

    const book = await api.get(`/api/books/${bookId}`);
    expect(book.status).toBe(503);
    expect(book.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'catalog' });
  });

  it('stops every other process, loudly, when one dies that nobody stopped', async () => {
    process.kill(cluster.pids().orders!, 'SIGKILL');
    const end = await cluster.ended;
    expect(end).toMatchObject({ reason: 'crashed', service: 'orders' });
    expect(lines.some((line) => line.includes('orders exited unexpectedly'))).toBe(true);
    for (const url of [cluster.urls.gateway, cluster.urls.http.identity, cluster.urls.http.orders]) expect(await listening(url)).toBe(false);
  });
});
