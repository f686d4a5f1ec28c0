import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '@pustaka/kit/testing';
import { listening } from '../support.ts';
import { canRestartBroker, orderPlacedEventIds, reservationInbox, reservationStates, run, startOutageCluster, stockOf, unpublished } from './outage-cluster.ts';
import type { OutageCluster } from './outage-cluster.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');
const STOCK = 100;
const ORDERS = 30;
const RESERVATION_TTL_SECONDS = 8;

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('the cluster through a RabbitMQ outage', () => {
  let outage: OutageCluster;

  beforeAll(async () => {
    // Reservations that outlive their time within the outage, and a sweep every second that settles
    // them one second after: the events of the orders are still stuck in the outbox by then.
    outage = await startOutageCluster(
      { postgresUrl: postgresUrl!, redisUrl: redisUrl!, amqpUrl: amqpUrl! },
      {
        orders: { ORDER_RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS) },
        catalog: { RESERVATION_SWEEP_CRON: '* * * * * *', RESERVATION_RELEASE_GRACE_SECONDS: '1' },
      },
    );
  }, 120_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${outage.lines.slice(-80).join('\n')}`));
  });

  afterAll(async () => {
    await outage?.stop();
  }, 60_000);

  it(`accepts ${ORDERS} orders while the broker is stopped, keeps their stock past the reservations' lifetime, then applies every order.placed once`, async (context) => {
    if (!(await canRestartBroker(amqpUrl!))) context.skip();
    const bookId = await outage.newBook(STOCK);
    const placed: string[] = [];

    try {
      await run('rabbitmqctl', ['stop_app']);
      expect(await listening(amqpUrl!)).toBe(false);
      const answers = await Promise.all(
        Array.from({ length: ORDERS }, () => outage.api.post('/api/orders', { token: outage.tokens.buyer, body: { items: [{ bookId, quantity: 1 }] } })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(ORDERS).fill(201));
      placed.push(...answers.map((answer) => answer.body.id as string));

      // Nothing can be delivered yet: the events wait in the outbox, the stock stays held.
      expect(await orderPlacedEventIds(outage, placed)).toHaveLength(ORDERS);
      expect(await unpublished(outage, 'orders')).toBe(ORDERS);
      expect(await reservationStates(outage, placed)).toEqual({ held: ORDERS });

      // The reservations expire with their events still undelivered. The expiry job asks orders
      // before it releases anything: these orders exist, so their stock stays sold.
      await eventually(
        async () => {
          expect(await reservationStates(outage, placed)).toEqual({ committed: ORDERS });
        },
        (RESERVATION_TTL_SECONDS + 20) * 1000,
        500,
      );
      expect(await stockOf(outage, bookId)).toBe(STOCK - ORDERS);
      expect(await unpublished(outage, 'orders')).toBe(ORDERS);
    } finally {
      await run('rabbitmqctl', ['start_app']);
    }

    // The services reconnect by themselves (capped back-off), the relay sends what waited, and each
    // late order.placed is applied once: it finds its reservation committed and takes nothing.
    const events = await orderPlacedEventIds(outage, placed);
    await eventually(
      async () => {
        expect(await reservationInbox(outage)).toEqual(events);
      },
      90_000,
      500,
    );
    expect(await reservationStates(outage, placed)).toEqual({ committed: ORDERS });
    await eventually(
      async () => {
        expect(await unpublished(outage, 'orders')).toBe(0);
        expect(await unpublished(outage, 'catalog')).toBe(0);
      },
      30_000,
      500,
    );
    expect(await stockOf(outage, bookId)).toBe(STOCK - ORDERS);
    expect((await outage.api.get(`/api/books/${bookId}`)).body.stock).toBe(STOCK - ORDERS);
    expect(outage.running()).toBe(true);
  }, 180_000);
});
