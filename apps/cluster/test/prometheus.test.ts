import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { randomIsbn13 } from '@pustaka/catalog/testing';
import { clusterOptionsFromEnv } from '../config.ts';
import { dropDatabases, startCluster } from '../src/start-cluster.ts';
import type { Cluster } from '../src/start-cluster.ts';
import { freeClusterPorts } from '../src/free-cluster-ports.ts';
import { separateRedisDatabase, uniquePrefix } from './support.ts';
import { alertRules, dashboardQueries, findPrometheus, scrapeConfigFor, startPrometheus } from './prometheus-support.ts';
import type { PrometheusServer, QueryAnswer } from './prometheus-support.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');
const prometheus = findPrometheus();
const required = process.env.TEST_REQUIRE_REAL_SERVICES === '1';
const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.com`, password: 'a long admin passphrase' };
// What Grafana's $__rate_interval is at a 1 s scrape: enough samples for rate() whatever the tick.
const RATE_INTERVAL = '15s';
// The sweeps tick every 2 s, so their runs and durations are there within the test.
const EVERY_2S = '*/2 * * * * *';
const FAST_JOBS = {
  catalog: { RESERVATION_SWEEP_CRON: EVERY_2S },
  ticketing: { HOLD_SWEEP_CRON: EVERY_2S },
  discovery: { DISCOVERY_SALES_WINDOW_CRON: EVERY_2S },
  notify: { NOTIFY_EMAIL_CRON: EVERY_2S },
};

const PROMETHEUS_MISSING =
  'Prometheus is not installed (Debian: apt-get install -y prometheus), so the dashboards and alerts are not checked against a live cluster';
// In CI a missing Prometheus fails the run, as a missing PostgreSQL does (see detectRealServices).
if (!prometheus && required) throw new Error(`TEST_REQUIRE_REAL_SERVICES=1 but ${PROMETHEUS_MISSING}`);
if (!prometheus) console.warn(`[pustaka] skipped: ${PROMETHEUS_MISSING}.`);

describe.skipIf(!(prometheus && postgresUrl && redisUrl && amqpUrl))('dashboards and alerts against a real Prometheus scraping the cluster', () => {
  let cluster: Cluster;
  let server: PrometheusServer;
  let api: HttpClient;
  const lines: string[] = [];

  beforeAll(async () => {
    const quiet = { LOG_LEVEL: 'warn', LOG_PRETTY: 'false' };
    cluster = await startCluster({
      ...clusterOptionsFromEnv({}),
      host: '127.0.0.1',
      ports: await freeClusterPorts({ notify: 2 }),
      replicas: { notify: 2 },
      postgresUrl: postgresUrl!,
      redisUrl: separateRedisDatabase(redisUrl!, 12),
      amqpUrl: amqpUrl!,
      databasePrefix: uniquePrefix(),
      stopGraceMs: 3_000,
      env: {
        identity: {
          ...quiet,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
          REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000',
        },
        catalog: { ...quiet, ...FAST_JOBS.catalog },
        orders: quiet,
        ticketing: { ...quiet, ...FAST_JOBS.ticketing },
        discovery: { ...quiet, ...FAST_JOBS.discovery },
        analytics: quiet,
        notify: { ...quiet, ...FAST_JOBS.notify },
        'notify-2': { ...quiet, ...FAST_JOBS.notify },
        gateway: { ...quiet, RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '100000' },
      },
      onLine: (process, line) => lines.push(`${process} | ${line}`),
    });
    api = httpClient(cluster.urls.gateway);
    server = await startPrometheus(prometheus!, await scrapeConfigFor(cluster.urls.metrics));
    await driveTraffic(api);
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${lines.slice(-40).join('\n')}`));
  });

  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
    if (cluster)
      await dropDatabases(
        postgresUrl!,
        Object.values(cluster.databases).map((database) => database.name),
      );
  });

  it('scrapes every process of the cluster (each replica, the gateway) with the labels of the committed prometheus.yml', async () => {
    type Targets = { data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> } };
    await eventually(
      async () => {
        const { data } = await server.get<Targets>('/api/v1/targets');
        const seen = data.activeTargets.map((target) => [target.labels.service, target.labels.instance, target.health, target.lastError]);
        expect(seen).toHaveLength(Object.keys(cluster.urls.metrics).length);
        expect(seen.filter(([, , health]) => health !== 'up')).toEqual([]);
      },
      15_000,
      250,
    );
    const services = new Set((await server.get<Targets>('/api/v1/targets')).data.activeTargets.map((target) => target.labels.service));
    expect([...services].sort()).toEqual(['analytics', 'catalog', 'discovery', 'gateway', 'identity', 'notify', 'orders', 'ticketing']);
  });

  it("answers every dashboard panel's query with series", async () => {
    const queries = await dashboardQueries(RATE_INTERVAL);
    expect(queries.length).toBeGreaterThan(100);
    // Series of what the traffic did appear with the next scrapes and job ticks: ask until all answer.
    await eventually(
      async () => {
        const answers = await Promise.all(queries.map(async (query) => ({ query, answer: await server.query(query.expr) })));
        expect(answers.filter(({ answer }) => answer.status !== 'success').map(({ query, answer }) => `${query.where}: ${answer.error}`)).toEqual([]);
        expect(answers.filter(({ answer }) => seriesOf(answer) === 0).map(({ query }) => `${query.where}: ${query.expr}`)).toEqual([]);
      },
      20_000,
      1_000,
    );
  });

  it('evaluates every alert: the rule is healthy in Prometheus, its expression parses, and what it measures has series', async () => {
    const rules = await alertRules();
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'PustakaHighErrorRate',
        'PustakaHighLatency',
        'PustakaOutboxStale',
        'PustakaDeadLetters',
        'PustakaBreakerOpen',
        'PustakaConsumerLagging',
      ]),
    );
    await eventually(
      async () => {
        const answers = await Promise.all(
          rules.map(async (rule) => ({ rule, whole: await server.query(rule.expr), measure: await server.query(rule.measure) })),
        );
        expect(answers.filter(({ whole }) => whole.status !== 'success').map(({ rule, whole }) => `${rule.alert}: ${whole.error}`)).toEqual([]);
        expect(answers.filter(({ measure }) => seriesOf(measure) === 0).map(({ rule }) => `${rule.alert}: ${rule.measure}`)).toEqual([]);
      },
      20_000,
      1_000,
    );
    type Rules = { data: { groups: Array<{ rules: Array<{ name: string; type: string; health: string; lastError?: string; state?: string }> }> } };
    await eventually(
      async () => {
        const loaded = (await server.get<Rules>('/api/v1/rules')).data.groups.flatMap((group) => group.rules).filter((rule) => rule.type === 'alerting');
        expect(loaded.map((rule) => rule.name).sort()).toEqual(rules.map((rule) => rule.alert).sort());
        expect(loaded.filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ''}`)).toEqual([]);
      },
      10_000,
      500,
    );
  });
});

function seriesOf(answer: QueryAnswer): number {
  return answer.data?.result.length ?? 0;
}

/**
 * What a shop does in a minute, through the gateway: members sign up and in, staff are promoted
 * (user.updated), a book is read twice (a cache miss, then a hit), an order placed and one
 * refused, an event published and a seat held, booked, and asked for again (a seat conflict),
 * a search, recommendations, notifications, and the sales dashboard.
 */
async function driveTraffic(api: HttpClient): Promise<void> {
  const member = await api.post('/api/auth/register', { body: { email: `m-${randomUUID()}@example.com`, password: 'a long passphrase', name: 'Member' } });
  expect(member.status).toBe(201);
  const token = member.body.accessToken as string;
  const staffEmail = `s-${randomUUID()}@example.com`;
  const staff = await api.post('/api/auth/register', { body: { email: staffEmail, password: 'a long passphrase', name: 'Staff' } });
  const admin = await api.post('/api/auth/login', { body: ADMIN });
  expect(admin.status).toBe(200);
  expect((await api.patch(`/api/users/${staff.body.user.id}`, { token: admin.body.accessToken, body: { role: 'staff' } })).status).toBe(200);
  const staffToken = (await api.post('/api/auth/login', { body: { email: staffEmail, password: 'a long passphrase' } })).body.accessToken as string;

  const category = await api.post('/api/categories', { token: staffToken, body: { name: `Metrics ${randomUUID().slice(0, 8)}` } });
  const book = await api.post('/api/books', {
    token: staffToken,
    body: {
      title: 'Observed',
      authors: ['A. Writer'],
      isbn: randomIsbn13(),
      publicationYear: 2024,
      price: 1500,
      currency: 'USD',
      stock: 1,
      location: 'M1-1',
      categoryId: category.body.id,
    },
  });
  expect(book.status).toBe(201);
  for (let i = 0; i < 2; i++) expect((await api.get(`/api/books/${book.body.id}`)).status).toBe(200);
  expect((await api.post('/api/orders', { token, body: { items: [{ bookId: book.body.id, quantity: 1 }] } })).status).toBe(201);
  const refused = await api.post('/api/orders', { token, body: { items: [{ bookId: book.body.id, quantity: 1 }] } });
  expect(refused.body.code).toBe('OUT_OF_STOCK');

  const startsAt = new Date(Date.now() + 7 * 24 * 3_600_000);
  const event = await api.post('/api/events', {
    token: staffToken,
    body: {
      title: 'Metrics night',
      venue: 'Hall',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      timezone: 'Asia/Jakarta',
      currency: 'IDR',
      seating: { kind: 'seated', sections: [{ name: 'Stalls', rows: ['A'], seatsPerRow: 4, price: 50_000 }] },
    },
  });
  expect(event.status).toBe(201);
  expect((await api.post(`/api/events/${event.body.id}/publish`, { token: staffToken })).status).toBe(200);
  const hold = await api.post(`/api/events/${event.body.id}/holds`, { token, body: { seatIds: ['A-1'] } });
  expect(hold.status).toBe(201);
  expect((await api.post('/api/bookings', { token, body: { holdId: hold.body.holdId } })).status).toBe(201);
  expect((await api.post(`/api/events/${event.body.id}/holds`, { token, body: { seatIds: ['A-1'] } })).body.code).toBe('SEAT_TAKEN');

  expect((await api.get('/api/search?q=observed')).status).toBe(200);
  expect((await api.get('/api/recommendations/popular')).status).toBe(200);
  expect((await api.get('/api/notifications', { token })).status).toBe(200);
  expect((await api.get('/api/dashboard/summary', { token: staffToken })).status).toBe(200);
  // The consumers' lag is observed when they apply: wait until the order reached each of them.
  await eventually(async () => expect((await api.get('/api/notifications', { token })).body.items.length).toBeGreaterThan(0), 15_000, 250);
}
