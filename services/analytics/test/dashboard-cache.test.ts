import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ordersService } from '@pustaka/orders';
import { ordersSettings } from '@pustaka/orders/config';
import { applyOnce, newEvent } from '@pustaka/kit/bus';
import { serviceDb } from '@pustaka/kit/db';
import { register } from '@pustaka/kit/metrics';
import { createTestTokens, describeService, eventually, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { analyticsSettings } from '../config.ts';
import { analyticsService } from '../src/analytics.service-module.ts';
import { rollupsConsumer } from '../src/rollups/rollups.consumer.ts';
import { startAnalytics } from './support.ts';

/** How many times the dashboard has computed an answer of this kind in this process. */
async function computations(answer: string): Promise<number> {
  const metric = register.getSingleMetric('pustaka_analytics_dashboard_computations_total');
  const values = metric ? (await metric.get()).values : [];
  return values.find((value) => value.labels.answer === answer)?.value ?? 0;
}

const NOW = new Date('2025-06-15T05:00:00Z');

function placed(at: string, total: number, userId = randomUUID()) {
  const bookId = randomUUID();
  return newEvent('order.placed', {
    orderId: randomUUID(),
    userId,
    items: [{ bookId, title: 'Cantik Itu Luka', quantity: 1, unitPrice: total }],
    total,
    currency: 'IDR',
    placedAt: at,
  });
}

describeService(
  'dashboard answers, cached',
  (storage) => startAnalytics(storage, {}, () => NOW),
  (sut) => {
    const summary = (query: string) => sut.api.get(`/api/dashboard/summary?${query}`, { token: sut.tokens.staff });

    it('computes an answer once for a hundred requests that miss it together', async () => {
      const before = await computations('summary');
      const answers = await Promise.all(Array.from({ length: 100 }, () => summary('from=2025-05-01&to=2025-05-31')));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
      expect((await computations('summary')) - before).toBe(1);
      await summary('from=2025-05-01&to=2025-05-31');
      expect((await computations('summary')) - before).toBe(1);
    });

    it('shows an order on the next read once its event is committed and its after-commit step has run, as the bus does before the ack', async () => {
      const query = 'from=2025-06-01&to=2025-06-15';
      expect((await summary(query)).body.totals.orders.current).toBe(0);
      const event = placed('2025-06-14T03:00:00Z', 125_000);
      const consumer = rollupsConsumer(sut.ctx);
      expect(await applyOnce(sut.ctx.db, consumer.consumerId, event, consumer.handle)).toBe('applied');
      await consumer.afterBatchCommit!([event]);
      const after = (await summary(query)).body;
      expect(after.totals.orders.current).toBe(1);
      expect(after.totals.revenue.current).toBe(125_000);
    });

    it('keeps answers over other months cached when an event moves a day', async () => {
      const march = 'from=2025-03-01&to=2025-03-31';
      await summary(march);
      const before = await computations('summary');
      // June's order is outside March and the month before it.
      await sut.deliver([placed('2025-06-10T03:00:00Z', 40_000)]);
      await eventually(async () => expect((await summary('from=2025-06-01&to=2025-06-15')).body.totals.orders.current).toBe(2));
      const computed = await computations('summary');
      await summary(march);
      expect(await computations('summary')).toBe(computed);
      expect(computed - before).toBe(1);
    });

    it('drops the answers over a month when its reference data changes (a customer renamed)', async () => {
      const userId = randomUUID();
      await sut.deliver([placed('2025-04-10T03:00:00Z', 90_000, userId)]);
      await eventually(async () => expect((await summary('from=2025-04-01&to=2025-04-30')).body.topCustomers[0]?.userId).toBe(userId));
      expect((await summary('from=2025-04-01&to=2025-04-30')).body.topCustomers[0].name).toBeNull();
      await sut.deliver([newEvent('user.registered', { userId, email: 'ayu@shop.test', name: 'Ayu Utami' })]);
      await eventually(async () => expect((await summary('from=2025-04-01&to=2025-04-30')).body.topCustomers[0].name).toBe('Ayu Utami'), 2_000);
    });
  },
);

/** The catalog, orders and analytics in one process, as in the embedded app. */
async function startShop(storage: TestStorage) {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [
    tokens.service,
    catalogService(catalogSettings()),
    ordersService(ordersSettings()),
    analyticsService(analyticsSettings()),
  ]);
  const [staff, member] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'member' })]);
  return { api: httpClient(platform.url), staff, member, storage, close: () => platform.close() };
}

describeService('an order placed through the shop', startShop, (shop) => {
  it('shows on the dashboard as soon as analytics has consumed its event, though the answer was cached', async () => {
    const category = await shop.api.post('/api/categories', { token: shop.staff, body: newCategory() });
    const book = await shop.api.post('/api/books', { token: shop.staff, body: newBook(category.body.id, { stock: 10, price: 77_000, currency: 'IDR' }) });
    const read = async () => (await shop.api.get('/api/dashboard/summary', { token: shop.staff })).body;
    const before = await read();
    const order = await shop.api.post('/api/orders', { token: shop.member, body: { items: [{ bookId: book.body.id, quantity: 2 }] } });
    expect(order.status).toBe(201);
    // The answer is cached for five minutes: only the event can make it show the order.
    await eventually(async () => {
      const after = await read();
      expect(after.totals.orders.current).toBe(before.totals.orders.current + 1);
      expect(after.totals.revenue.current).toBe(before.totals.revenue.current + 154_000);
      expect(after.topBooks[0]).toMatchObject({ bookId: book.body.id, units: 2, title: book.body.title });
    });
    const db = serviceDb<any>(shop.storage.database, 'analytics');
    expect(await db.selectFrom('orders').select('order_id').where('order_id', '=', order.body.id).executeTakeFirst()).toBeDefined();
  });
});
