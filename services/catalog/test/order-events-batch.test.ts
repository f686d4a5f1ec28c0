import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import { createInProcessTransport, listDeadLetters, newEvent, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, SubscribeOptions, Subscription, Transport } from '@pustaka/kit/bus';
import { sql } from '@pustaka/kit/db';
import { describeService, eventually } from '@pustaka/kit/testing';
import type { CatalogContext } from '../src/catalog-context.ts';
import type { CatalogTables } from '../src/catalog.tables.ts';
import { orderEventsConsumer } from '../src/inventory/order-events.consumer.ts';
import { releaseReservation, reserveStock } from '../src/inventory/inventory.service.ts';
import { catalogContextOver, createBook, createCategory, startCatalog } from './support.ts';

const placed = (orderId: string, bookId: string, quantity = 2) =>
  newEvent(ORDER_PLACED, {
    orderId,
    userId: randomUUID(),
    items: [{ bookId, title: 't', quantity, unitPrice: 1 }],
    total: quantity,
    currency: 'USD',
    placedAt: new Date().toISOString(),
  });
const cancelled = (orderId: string, bookId: string, quantity = 2) =>
  newEvent(ORDER_CANCELLED, {
    orderId,
    userId: randomUUID(),
    items: [{ bookId, quantity }],
    reason: 'changed my mind',
  });

describeService('inventory: order events applied in batches', startCatalog, (sut, { storage }) => {
  let ctx: CatalogContext;
  let categoryId: string;
  let transport: Transport | undefined;
  let subscription: Subscription | undefined;

  beforeAll(async () => {
    ctx = catalogContextOver(storage);
    categoryId = await createCategory(sut);
  });
  afterEach(async () => {
    await subscription?.close();
    await transport?.close();
  });

  const book = async (stock: number) => (await createBook(sut, categoryId, { stock })).id as string;
  const stockOf = async (id: string) => (await sut.api.get(`/api/books/${id}`)).body.stock as number;
  const reserve = async (orderId: string, bookId: string, quantity = 2) => {
    await reserveStock(ctx, { orderId, items: [{ bookId, quantity }], ttlSeconds: 600 });
  };
  /** Each order's reservation status and the transaction that last wrote it (`xmin`). */
  const reservationsOf = async (orderIds: string[]) => {
    const rows = await ctx.db
      .selectFrom('stock_reservations')
      .select(['order_id', 'status', sql<string>`xmin::text`.as('writer')])
      .where('order_id', 'in', orderIds)
      .execute();
    return orderIds.map((orderId) => rows.find((row) => row.order_id === orderId)!);
  };
  /**
   * The catalog's consumer on a transport of the test's own, under an id of its own (the
   * platform's consumer never sees these events), so a burst handed over at once is one batch.
   */
  const consumeOrderEvents = async (retries: Pick<SubscribeOptions<CatalogTables, unknown>, 'maxAttempts' | 'backoff'> = {}) => {
    transport = createInProcessTransport({ redeliveryDelayMs: 10 });
    const consumerId = `catalog.reservations.${randomUUID().slice(0, 8)}`;
    const { database } = storage;
    subscription = await subscribe({ ...orderEventsConsumer(ctx), ...retries, consumerId, transport, database, logger: ctx.logger });
    return consumerId;
  };
  const arriveTogether = async (events: EventEnvelope[]) => {
    for (const event of events) await transport!.publish(event);
  };
  it('applies placements and cancellations of one burst in one transaction, with the effect of applying them one by one', async () => {
    const id = await book(20);
    const [placedOnly, placedThenCancelled, cancelledWhileHeld, placedAfterACancellation, placedAfterRelease] = Array.from({ length: 5 }, () => randomUUID());
    for (const orderId of [placedOnly, placedThenCancelled, cancelledWhileHeld, placedAfterACancellation, placedAfterRelease]) await reserve(orderId!, id);
    await releaseReservation(ctx, placedAfterRelease!); // as the expiry job would, before the late placement
    expect(await stockOf(id)).toBe(12); // cached: the batch must forget it
    await consumeOrderEvents();

    const burst = [
      placed(placedOnly!, id),
      placed(placedThenCancelled!, id),
      cancelled(placedThenCancelled!, id),
      cancelled(cancelledWhileHeld!, id),
      placed(placedAfterACancellation!, id),
      placed(placedAfterRelease!, id),
    ];
    await arriveTogether(burst);
    // Two cancellations give back 2 + 2; the late placement takes its 2 again.
    await eventually(async () => expect(await stockOf(id)).toBe(14));
    const reservations = await reservationsOf([placedOnly!, placedThenCancelled!, cancelledWhileHeld!, placedAfterACancellation!, placedAfterRelease!]);
    expect(reservations.map((reservation) => reservation.status)).toEqual(['committed', 'released', 'released', 'committed', 'committed']);
    expect(new Set(reservations.map((reservation) => reservation.writer)).size).toBe(1);

    // Delivered again in a later batch they change nothing; the new placement behind them shows they were handled.
    const behindThem = randomUUID();
    await reserve(behindThem, id);
    await arriveTogether([burst[2]!, burst[0]!, burst[5]!, placed(behindThem, id)]);
    await eventually(async () => expect((await reservationsOf([behindThem]))[0]!.status).toBe('committed'));
    await eventually(async () => expect(await stockOf(id)).toBe(12));
    expect((await reservationsOf([placedThenCancelled!])).map((reservation) => reservation.status)).toEqual(['released']);
  });

  it('dead-letters a placement whose stock was sold meanwhile, alone, and applies the rest of its batch', async () => {
    const [soldOut, other] = [await book(2), await book(5)];
    const [lost, landed, cancelledOrder] = [randomUUID(), randomUUID(), randomUUID()];
    await reserve(lost, soldOut);
    await releaseReservation(ctx, lost);
    await reserve(randomUUID(), soldOut); // someone else buys what was released
    await reserve(landed, other, 1);
    await reserve(cancelledOrder, other, 1);
    const consumerId = await consumeOrderEvents({ maxAttempts: 2, backoff: [10] });

    const lostPlacement = placed(lost, soldOut);
    await arriveTogether([placed(landed, other, 1), lostPlacement, cancelled(cancelledOrder, other, 1)]);
    await eventually(async () => expect(await listDeadLetters(storage.database, 'catalog', { consumerId })).toHaveLength(1));
    const [parked] = await listDeadLetters(storage.database, 'catalog', { consumerId });
    expect(parked).toMatchObject({ eventId: lostPlacement.id, attempts: 2 });
    expect(parked!.error).toContain('landed after its reservation expired');
    expect((await reservationsOf([landed, lost, cancelledOrder])).map((reservation) => reservation.status)).toEqual(['committed', 'released', 'released']);
    expect([await stockOf(soldOut), await stockOf(other)]).toEqual([0, 4]);
  });
});
