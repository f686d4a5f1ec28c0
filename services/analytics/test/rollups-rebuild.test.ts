import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import {
  addBook,
  addCategory,
  bookSeats,
  placeOrder,
  publishEvent,
  rebuildThroughRoute,
  rollupsSnapshot,
  startShop,
  untilConsumed,
} from './rebuild-support.ts';
import type { ShopUnderTest } from './rebuild-support.ts';

/** 23:30 in Jakarta (16:30 UTC) today: twenty minutes later the shop's day has changed. */
const lateEvening = new Date(`${new Date().toISOString().slice(0, 10)}T16:30:00Z`);
const afterMidnight = new Date(lateEvening.getTime() + 40 * 60_000);

describeService(
  'rollups rebuilt from the owners are the ones the events kept',
  (storage) => startShop(storage, lateEvening),
  (sut, { storage }) => {
    let placedAfter: string;

    beforeAll(async () => {
      const [fiction, history] = [await addCategory(sut, 'Sastra'), await addCategory(sut, 'Sejarah')];
      const books = [
        await addBook(sut, fiction, { stock: 50 }),
        await addBook(sut, fiction, { stock: 50 }),
        await addBook(sut, history, { stock: 50 }),
        await addBook(sut, history, { stock: 50 }),
        await addBook(sut, history, { stock: 4 }),
        await addBook(sut, fiction, { stock: 10, currency: 'USD' }),
      ];
      expect((await sut.api.post(`/api/books/${books[0]}/stock`, { token: sut.tokens.staff, body: { delta: 10 } })).status).toBe(200);
      expect((await sut.api.post(`/api/books/${books[1]}/stock`, { token: sut.tokens.staff, body: { set: 45 } })).status).toBe(200);
      const [ana, budi, citra] = [await sut.member(), await sut.member(), await sut.member()];
      const cancelledTomorrow = await placeOrder(sut, ana, [books[0]!, books[1]!]);
      const fulfilledTomorrow = await placeOrder(sut, budi, [books[0]!, books[2]!]);
      await placeOrder(sut, citra, [books[3]!, books[4]!]);
      await placeOrder(sut, citra, [books[5]!]);
      const cancelledToday = await placeOrder(sut, citra, [books[1]!]);
      expect((await sut.api.post(`/api/orders/${cancelledToday}/cancel`, { token: citra })).status).toBe(200);
      const talk = await publishEvent(sut, 40, 5_000);
      await bookSeats(sut, ana, talk, 2);
      const calledOff = await bookSeats(sut, budi, talk, 3);
      await untilConsumed(storage);

      sut.clock.set(afterMidnight);
      expect((await sut.api.post(`/api/orders/${cancelledTomorrow}/cancel`, { token: ana })).status).toBe(200);
      expect((await sut.api.post(`/api/orders/${fulfilledTomorrow}/fulfil`, { token: sut.tokens.staff })).status).toBe(200);
      expect((await sut.api.post(`/api/bookings/${calledOff}/cancel`, { token: budi })).status).toBe(200);
      await placeOrder(sut, budi, [books[2]!]);
      placedAfter = books[3]!;
      await untilConsumed(storage);
    });

    it('counts every order, cancellation, fulfilment and booking the owners list on the day it happened, as the consumer did', async () => {
      const live = await rollupsSnapshot(storage);
      // The cancellation of an order of yesterday counts today; the shop's two days are both there.
      expect(live.shopDays).toMatchObject([
        { orders_placed: 4, orders_cancelled: 1, orders_fulfilled: 0, seats_sold: 5, other_currency_orders: 1 },
        { orders_placed: 1, orders_cancelled: 1, orders_fulfilled: 1, seats_sold: -3 },
      ]);
      expect(live.stockDays.length).toBeGreaterThan(0);
      const summaryBefore = await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff });
      expect(summaryBefore.status).toBe(200);

      const run = await rebuildThroughRoute(sut);
      expect(run).toMatchObject({
        state: 'succeeded',
        error: null,
        steps: [
          { name: 'books', state: 'done', items: 6 },
          { name: 'events', state: 'done', items: 1 },
          { name: 'orders', state: 'done', items: 6 },
          // The cancelled booking is listed too: its seats come back on the day it was called off.
          { name: 'bookings', state: 'done', items: 2 },
        ],
      });
      expect(await rollupsSnapshot(storage)).toEqual(live);
      expect((await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff })).body).toEqual(summaryBefore.body);
    });

    it('keeps counting what is ordered after the rebuild, once, and shows it on the next read', async () => {
      const before = (await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff })).body;
      await placeOrder(sut, await sut.member(), [placedAfter]);
      await untilConsumed(storage);
      const after = (await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff })).body;
      expect(after.totals.orders.current).toBe(before.totals.orders.current + 1);
    });
  },
);

describeService(
  'a rebuild while orders keep coming',
  // One order a page: the rebuild takes long enough for the orders placed meanwhile to land in it.
  (storage) => startShop(storage, lateEvening, { ANALYTICS_REBUILD_PAGE_SIZE: 1 }),
  (sut, { storage }) => {
    it('loses no event consumed during the rebuild and counts none twice', async () => {
      const category = await addCategory(sut, 'Puisi');
      const books = [await addBook(sut, category, { stock: 100 }), await addBook(sut, category, { stock: 100 })];
      const member = await sut.member();
      for (let n = 0; n < 8; n++) await placeOrder(sut, member, books);
      await untilConsumed(storage);
      const started = await sut.api.post('/api/dashboard/rebuild', { token: sut.tokens.admin });
      expect(started.status).toBe(202);
      const during = [];
      for (let n = 0; n < 4; n++) {
        during.push(await placeOrder(sut, member, books));
        // The dashboard answers from the live rollups meanwhile.
        expect((await sut.api.get('/api/dashboard/summary', { token: sut.tokens.staff })).status).toBe(200);
      }
      expect((await sut.api.post(`/api/orders/${during[0]}/cancel`, { token: member })).status).toBe(200);
      expect((await follow(sut, started.body.id)).state).toBe('succeeded');
      await untilConsumed(storage);
      const { shopDays } = await rollupsSnapshot(storage);
      const sum = (column: string) => shopDays.reduce<number>((total, day) => total + Number((day as Record<string, unknown>)[column]), 0);
      expect({ placed: sum('orders_placed'), cancelled: sum('orders_cancelled'), units: sum('units_sold') }).toEqual({ placed: 12, cancelled: 1, units: 36 });
    });
  },
);

/** The run once it has ended. */
async function follow(sut: ShopUnderTest, id: string) {
  for (;;) {
    const run = (await sut.api.get(`/api/dashboard/rebuild/${id}`, { token: sut.tokens.admin })).body;
    if (run.state !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeService(
  'who may rebuild the rollups',
  (storage) => startShop(storage, lateEvening),
  (sut, { storage }) => {
    it('asks for an admin: 401 without a token, 403 for a member or staff', async () => {
      const member = await sut.member();
      expect((await sut.api.post('/api/dashboard/rebuild')).status).toBe(401);
      expect((await sut.api.post('/api/dashboard/rebuild', { token: member })).status).toBe(403);
      expect((await sut.api.post('/api/dashboard/rebuild', { token: sut.tokens.staff })).status).toBe(403);
      const someRun = `/api/dashboard/rebuild/${randomUUID()}`;
      expect((await sut.api.get(someRun)).status).toBe(401);
      expect((await sut.api.get(someRun, { token: sut.tokens.staff })).status).toBe(403);
      expect((await sut.api.get(someRun, { token: sut.tokens.admin })).body.code).toBe('REBUILD_NOT_FOUND');
    });

    it('refuses a second rebuild while one runs, naming the one running', async () => {
      const running = randomUUID();
      // On the shop's clock, not the machine's: 16 hours apart at midnight, the run would look abandoned.
      const now = lateEvening;
      await sql`insert into analytics.rebuilds (id, state, steps, started_at, heartbeat_at) values (${running}, 'running', '[]'::jsonb, ${now}, ${now})`.execute(
        storage.database.root,
      );
      const refused = await sut.api.post('/api/dashboard/rebuild', { token: sut.tokens.admin });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'REBUILD_RUNNING', runId: running });
      await sql`delete from analytics.rebuilds where id = ${running}`.execute(storage.database.root);
      expect((await sut.api.post('/api/dashboard/rebuild', { token: sut.tokens.admin })).status).toBe(202);
    });
  },
);
