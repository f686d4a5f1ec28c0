// Analytics alone on the embedded platform, over the database the environment names
// (DATABASE_URL, else PGlite under DATA_DIR) and the cache it names (REDIS_URL under
// BENCH_CACHE_PREFIX, else in memory), filled with the seeded shop of BENCH_SEED, BENCH_BOOKS,
// BENCH_MEMBERS, BENCH_ORDERS and BENCH_EVENTS (see bench/lib/dashboard-fill.ts). It prints how
// long that took (`FILLED {...}` on stdout), then listens. Also answers, for staff,
// `GET /bench/dashboard-direct?from=&to=&previousFrom=`: the same sales figures aggregated from
// the orders tables (the baseline), and `GET /bench/computations`: how many dashboard answers
// analytics has computed (its cache misses), so the bench can tell a cold request from a hit.
import { openCache } from '@pustaka/kit/cache';
import { sql } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { register } from '@pustaka/kit/metrics';
import { buildPlatform, serviceFromManifest } from '@pustaka/kit/platform';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { services } from '@pustaka/services';
import { Type } from 'typebox';
import { loadEmbeddedConfig } from '../../apps/embedded/config.ts';
import { openEmbeddedDatabase } from '../../apps/embedded/src/build-embedded.ts';
import { directSummary } from '../baselines/direct-dashboard.ts';
import { ANALYTICS_TABLES, fillDashboardShop, SHOP_TERMS } from '../lib/dashboard-fill.ts';

const sizes = {
  seed: Number(process.env.BENCH_SEED ?? 42),
  books: Number(process.env.BENCH_BOOKS ?? 100_000),
  members: Number(process.env.BENCH_MEMBERS ?? 10_000),
  orders: Number(process.env.BENCH_ORDERS ?? 10_000),
  events: Number(process.env.BENCH_EVENTS ?? 100),
};
const TOP_LIMIT = 10;
// The load comes from one address: the edge's rate limits (npm start has them) are for real clients.
const BENCH_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_AUTH_PER_MINUTE: '100000000' };
const config = loadEmbeddedConfig({
  ...BENCH_LIMITS,
  ...process.env,
  SEED_DEMO: 'false',
  ANALYTICS_TIME_ZONE: SHOP_TERMS.timeZone,
  ANALYTICS_CURRENCY: SHOP_TERMS.currency,
});
const logger = createLogger({ name: 'dashboard-shop', level: config.LOG_LEVEL, pretty: false });
const database = await openEmbeddedDatabase(config);

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
// Not a service of the list: the bench's own hands inside the process, the baseline beside analytics.
const benchHands: ServiceFactory = async () => ({
  name: 'bench',
  routes: async (app) => {
    app.get(
      '/bench/dashboard-direct',
      { config: { access: 'staff' }, schema: { hide: true, querystring: Type.Object({ from: DateText, to: DateText, previousFrom: DateText }) } },
      async (request) => directSummary(database, request.query, SHOP_TERMS.timeZone, TOP_LIMIT),
    );
    app.get('/bench/computations', { config: { access: 'public' }, schema: { hide: true } }, async () => {
      const metric = await register.getSingleMetric('pustaka_analytics_dashboard_computations_total')?.get();
      return { computations: (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0) };
    });
  },
});

const platform = await buildPlatform({
  openapi: { title: 'Pustaka (dashboard bench)', version: '0.1.0' },
  database,
  cache: openCache({ url: config.REDIS_URL, prefix: process.env.BENCH_CACHE_PREFIX ?? 'pustaka-bench:' }),
  logger,
  services: [...services.filter((service) => service.name === 'analytics').map((service) => serviceFromManifest(service, config)), benchHands],
  http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS },
  auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: process.env.BENCH_JWKS_URL },
  publicBaseUrl: `http://127.0.0.1:${config.PORT}`,
});

const filled = await fillDashboardShop(database, sizes);
// As autovacuum leaves a shop at rest: the visibility map set, so index-only scans read no heap
// (the fill analyzed the tables already; a kept database was analyzed by its fill).
const vacuumStarted = performance.now();
await sql`vacuum orders.orders, orders.order_items, catalog.books`.execute(database.root);
for (const table of ANALYTICS_TABLES) await sql`vacuum ${sql.table(`analytics.${table}`)}`.execute(database.root);
console.log(`FILLED ${JSON.stringify({ ...filled, vacuumMs: Math.round(performance.now() - vacuumStarted) })}`);

await platform.app.listen({ port: config.PORT, host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void platform.close().finally(() => process.exit(0));
  });
}
