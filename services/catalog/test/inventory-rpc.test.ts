import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import type { ReserveOutcome, ReserveRequest } from '@pustaka/contracts/catalog/v1';
import { sql } from '@pustaka/kit/db';
import { AppError } from '@pustaka/kit/errors';
import { createLogger } from '@pustaka/kit/log';
import { createRpcClient, createRpcServer, createRpcTransport, problemToError } from '@pustaka/kit/rpc';
import type { RpcServer } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import type { CatalogContext } from '../src/catalog-context.ts';
import { releaseReservation } from '../src/inventory/inventory.service.ts';
import { registerInventoryRpc } from '../src/inventory/inventory.rpc.ts';
import { catalogContextOver, createBook, createCategory, startCatalog } from './support.ts';

type Item = Partial<Pick<ReserveRequest, 'orderId' | 'ttlSeconds'>> & { items: Array<{ bookId: string; quantity: number }> };

/** What a caller sees of a reservation or an error: the answer Reserve alone must match. */
function answerOf(outcome: { reservation: unknown } | { error: unknown }) {
  if ('reservation' in outcome) return { reservation: outcome.reservation };
  const error = outcome.error as AppError;
  return {
    appError: error instanceof AppError,
    kind: error.kind,
    code: error.code,
    message: error.message,
    status: error.status,
    errors: error.errors,
    extensions: error.extensions,
  };
}

describeService('inventory over gRPC: many reservations in one call', startCatalog, (sut, { storage, backend }) => {
  let ctx: CatalogContext;
  let categoryId: string;
  let server: RpcServer;
  let inventory: Client<typeof Inventory>;

  beforeAll(async () => {
    ctx = catalogContextOver(storage);
    categoryId = await createCategory(sut);
    // The catalog's own handlers, served over HTTP/2 as in the cluster.
    server = createRpcServer({
      routes: (router) => registerInventoryRpc(router, ctx, 600),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ name: 'catalog-rpc-test', level: 'silent' }),
    });
    inventory = createRpcClient(Inventory, createRpcTransport(await server.listen()), { name: `catalog-${backend.name}`, deadlineMs: 10_000 });
  });
  afterAll(async () => server?.close());

  const book = async (stock: number) => (await createBook(sut, categoryId, { stock })).id as string;
  const stockOf = async (id: string) => (await sut.api.get(`/api/books/${id}`)).body.stock as number;
  const request = ({ orderId = randomUUID(), ttlSeconds = 600, items }: Item) => ({ orderId, ttlSeconds, items });
  const outcomeAsAnswer = (outcome: ReserveOutcome) => {
    const { result } = outcome;
    if (result.case === 'reservation') return answerOf({ reservation: result.value });
    if (result.case === 'problem') return answerOf({ error: problemToError(result.value, `catalog-${backend.name}`) });
    throw new Error('an outcome with no result');
  };
  const reserveAlone = (each: ReturnType<typeof request>) =>
    inventory.reserve(each).then(
      (reservation) => answerOf({ reservation }),
      (error: unknown) => answerOf({ error }),
    );
  const stockEvents = async (bookId: string) => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from catalog.outbox where type = 'stock.changed' and envelope->'payload'->>'bookId' = ${bookId}`.execute(ctx.db);
    return rows[0]!.count;
  };

  it('answers each item in order exactly as Reserve alone answers it: reserved, short, invalid, unknown, released', async () => {
    const [a, b, c] = [await book(5), await book(1), await book(5)];
    const released = randomUUID();
    expect(await releaseReservation(ctx, released)).toBe(false);
    const requests = [
      request({ items: [{ bookId: a, quantity: 2 }] }),
      request({
        items: [
          { bookId: c, quantity: 1 },
          { bookId: b, quantity: 3 },
        ],
      }),
      request({ orderId: 'not-a-uuid', items: [{ bookId: a, quantity: 1 }] }),
      request({ items: [{ bookId: randomUUID(), quantity: 1 }] }),
      request({ items: [{ bookId: a, quantity: 0 }] }),
      request({ ttlSeconds: 7200, items: [{ bookId: a, quantity: 1 }] }),
      request({ orderId: released, items: [{ bookId: a, quantity: 1 }] }),
      request({
        items: [
          { bookId: a, quantity: 1 },
          { bookId: c, quantity: 2 },
        ],
      }),
    ];
    const { outcomes } = await inventory.reserveMany({ requests });
    const answers = outcomes.map(outcomeAsAnswer);
    expect(answers.map((answer) => ('reservation' in answer ? 'reserved' : answer.code))).toEqual([
      'reserved',
      'OUT_OF_STOCK',
      'VALIDATION_FAILED',
      'UNKNOWN_BOOK',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'RESERVATION_RELEASED',
      'reserved',
    ]);
    expect(answers[1]).toMatchObject({ kind: 'conflict', status: 409, extensions: { lines: [{ bookId: b, requested: 3, available: 1 }] } });
    expect(answers[3]).toMatchObject({ kind: 'invalid', status: 400 });
    expect(answers[7]).toMatchObject({
      reservation: {
        lines: [
          { bookId: a, quantity: 1 },
          { bookId: c, quantity: 2 },
        ].sort((x, y) => (x.bookId < y.bookId ? -1 : 1)),
      },
    });
    expect([await stockOf(a), await stockOf(b), await stockOf(c)]).toEqual([2, 1, 3]);
    // Reserve alone, after: a reserved order id replays its reservation, every refusal is refused again.
    for (const [item, each] of requests.entries()) expect(await reserveAlone(each), `item ${item}`).toEqual(answers[item]);
    expect([await stockOf(a), await stockOf(b), await stockOf(c)]).toEqual([2, 1, 3]);
  });

  it('writes the items of one call as one group: 100 reservations of one book, one stock movement', async () => {
    const id = await book(100);
    const eventsBefore = await stockEvents(id);
    const { outcomes } = await inventory.reserveMany({ requests: Array.from({ length: 100 }, () => request({ items: [{ bookId: id, quantity: 1 }] })) });
    expect(outcomes.map((outcome) => outcome.result.case)).toEqual(Array(100).fill('reservation'));
    expect(await stockOf(id)).toBe(0);
    expect((await stockEvents(id)) - eventsBefore).toBe(1);
  });

  it('never oversells when calls race: 3 concurrent calls of 100 reservations for 50 copies, exactly 50 reserved', async () => {
    const id = await book(50);
    const calls = Array.from({ length: 3 }, () =>
      inventory.reserveMany({ requests: Array.from({ length: 100 }, () => request({ items: [{ bookId: id, quantity: 1 }] })) }),
    );
    const answers = (await Promise.all(calls)).flatMap(({ outcomes }) => outcomes.map(outcomeAsAnswer));
    expect(answers.filter((answer) => 'reservation' in answer)).toHaveLength(50);
    const refused = answers.filter((answer) => !('reservation' in answer));
    expect(refused).toHaveLength(250);
    expect(refused.every((answer) => 'code' in answer && answer.code === 'OUT_OF_STOCK')).toBe(true);
    expect(await stockOf(id)).toBe(0);
  });

  it('refuses more than 100 reservations in one call, and takes nothing', async () => {
    const id = await book(200);
    const error = await inventory
      .reserveMany({ requests: Array.from({ length: 101 }, () => request({ items: [{ bookId: id, quantity: 1 }] })) })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', status: 400 });
    expect(await stockOf(id)).toBe(200);
  });
});
