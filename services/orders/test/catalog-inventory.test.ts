import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectRouter, Interceptor } from '@connectrpc/connect';
import { Inventory as InventoryService } from '@pustaka/contracts/catalog/v1';
import type { ReserveManyRequest } from '@pustaka/contracts/catalog/v1';
import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { AppError } from '@pustaka/kit/errors';
import { createLogger } from '@pustaka/kit/log';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { createRpcClient, createRpcServer, createRpcTransport, runWithRequestId } from '@pustaka/kit/rpc';
import type { RpcServer } from '@pustaka/kit/rpc';
import { createTestTokens, describeService, eventually, freePorts, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { catalogInventory } from '../src/catalog-inventory.ts';
import type { Inventory, StockReservation } from '../src/orders-context.ts';

const logger = createLogger({ name: 'catalog-inventory-test', level: 'silent' });

/** The calls a transport made, by method, with the number of reservations each ReserveMany carried. */
function callCounter() {
  const calls: Array<{ method: string; size: number; requestIds: string[] }> = [];
  let hold: Promise<void> | undefined;
  const interceptor: Interceptor = (next) => async (request) => {
    const reservations = request.method.name === 'ReserveMany' ? (request.message as ReserveManyRequest).requests : [];
    calls.push({ method: request.method.name, size: reservations.length, requestIds: reservations.map((each) => each.requestId) });
    await hold;
    return next(request);
  };
  return {
    calls,
    interceptor,
    /** Holds the calls sent from now on until the returned function is called. */
    holdCalls: () => {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

/** The catalog service as it runs, with its gRPC routes captured so the test can serve them over HTTP/2. */
function catalogWithRoutes(): { factory: ServiceFactory; routes: () => (router: ConnectRouter) => void } {
  let captured: ((router: ConnectRouter) => void) | undefined;
  const factory: ServiceFactory = (deps) =>
    catalogService(catalogSettings())({
      ...deps,
      rpc: {
        ...deps.rpc,
        serve: (service, routes) => {
          if (service === 'catalog') captured = routes;
          deps.rpc.serve(service, routes);
        },
      },
    });
  return {
    factory,
    routes: () =>
      captured ??
      ((): never => {
        throw new Error('the catalog served no gRPC routes');
      })(),
  };
}

async function answerOf(promise: Promise<StockReservation>): Promise<StockReservation | AppError | Error> {
  return promise.catch((error: Error) => error);
}

/** The catalog over the test storage, its gRPC routes served over HTTP/2 as in the cluster, with a category to file books in. */
async function startServedCatalog(storage: TestStorage) {
  const tokens = await createTestTokens();
  const catalog = catalogWithRoutes();
  const platform = await startTestPlatform(storage, [tokens.service, catalog.factory]);
  const api = httpClient(platform.url);
  const staff = await tokens.issue({ role: 'staff' });
  const categoryId = (await api.post('/api/categories', { token: staff, body: newCategory() })).body.id as string;
  const server = createRpcServer({ routes: catalog.routes(), port: 0, host: '127.0.0.1', logger });
  const catalogUrl = await server.listen();
  return {
    api,
    staff,
    categoryId,
    catalogUrl,
    close: async () => {
      await server.close();
      await platform.close();
    },
  };
}

describeService('reserving stock in the catalog, reservations asked for together sent together', startServedCatalog, (sut, { backend }) => {
  const book = async (stock: number): Promise<string> => {
    const created = await sut.api.post('/api/books', {
      token: sut.staff,
      body: newBook(sut.categoryId, { title: `Reserve Me ${randomUUID().slice(0, 6)}`, price: 1250, stock }),
    });
    if (created.status !== 201) throw new Error(`book not created: ${JSON.stringify(created.body)}`);
    return created.body.id;
  };
  const stockOf = async (id: string) => (await sut.api.get(`/api/books/${id}`)).body.stock as number;
  const inventoryCounted = (): { inventory: Inventory; counter: ReturnType<typeof callCounter> } => {
    const counter = callCounter();
    const transport = createRpcTransport(sut.catalogUrl, { interceptors: [counter.interceptor] });
    return { inventory: catalogInventory(transport, { deadlineMs: 10_000, logger }), counter };
  };

  it('sends 150 concurrent reservations in two calls, and each caller gets its own answer, as Reserve alone gives it', async () => {
    const { inventory, counter } = inventoryCounted();
    const [id, other] = [await book(60), await book(5)];
    const unknownBook = randomUUID();
    const asks = Array.from({ length: 150 }, (_, n) => ({
      orderId: randomUUID(),
      items:
        n % 10 === 0
          ? [{ bookId: unknownBook, quantity: 1 }]
          : [
              { bookId: id, quantity: 1 + (n % 2) },
              { bookId: other, quantity: n === 3 ? 2 : 0 },
            ].filter((line) => line.quantity > 0),
      ttlSeconds: 300,
    }));
    const answers = await Promise.all(asks.map((ask) => answerOf(inventory.reserve(ask))));
    expect(counter.calls.map(({ method, size }) => `${method} ${size}`)).toEqual(['ReserveMany 100', 'ReserveMany 50']);

    const reserved = answers.flatMap((answer, n) => (answer instanceof Error ? [] : [{ answer, ask: asks[n]! }]));
    for (const { answer, ask } of reserved) {
      expect(answer.lines.map(({ bookId, quantity }) => ({ bookId, quantity })).sort((x, y) => (x.bookId < y.bookId ? -1 : 1))).toEqual(
        [...ask.items].sort((x, y) => (x.bookId < y.bookId ? -1 : 1)),
      );
      expect(answer.lines.every((line) => line.unitPrice === 1250 && line.currency === 'USD' && line.title.startsWith('Reserve Me'))).toBe(true);
    }
    const units = (bookId: string) =>
      reserved
        .flatMap(({ answer }) => answer.lines)
        .filter((line) => line.bookId === bookId)
        .reduce((sum, line) => sum + line.quantity, 0);
    expect(await stockOf(id)).toBe(60 - units(id));
    expect(await stockOf(id)).toBeLessThan(2);
    expect(await stockOf(other)).toBe(5 - units(other));

    const refusals = answers.map((answer, n) => ({ answer, ask: asks[n]! })).filter(({ answer }) => answer instanceof Error);
    expect(refusals.length + reserved.length).toBe(150);
    for (const { answer, ask } of refusals) {
      expect(answer).toBeInstanceOf(AppError);
      if (ask.items[0]!.bookId === unknownBook) {
        expect(answer).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_BOOK', status: 400, extensions: { bookIds: [unknownBook] } });
      } else {
        expect(answer).toMatchObject({ kind: 'conflict', code: 'OUT_OF_STOCK', status: 409 });
        const lines = (answer as AppError).extensions!.lines as Array<{ bookId: string; requested: number; available: number }>;
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line.available).toBeLessThan(line.requested);
        expect(lines.map((line) => line.bookId)).toEqual(expect.arrayContaining([id]));
      }
    }
    expect(refusals.filter(({ ask }) => ask.items[0]!.bookId === unknownBook)).toHaveLength(15);

    // Reserve alone, for the same order ids: the reservations replay, the unknown book is refused alike.
    const alone = createRpcClient(InventoryService, createRpcTransport(sut.catalogUrl), { name: `catalog-alone-${backend.name}` });
    for (const { answer, ask } of [...reserved.slice(0, 5), ...refusals.filter(({ ask: { items } }) => items[0]!.bookId === unknownBook).slice(0, 2)]) {
      const single = await alone.reserve(ask).then(
        ({ lines, expiresAt }) => ({
          lines: lines.map(({ bookId, quantity, title, unitPrice, currency }) => ({ bookId, quantity, title, unitPrice, currency })),
          expiresAt,
        }),
        (error: AppError) => error,
      );
      if (answer instanceof AppError)
        expect(single).toMatchObject({ kind: answer.kind, code: answer.code, message: answer.message, extensions: answer.extensions });
      else expect(single).toEqual(answer);
    }
  });

  it('makes reservations asked for while a call is in flight wait, and sends them together in the next, with their request ids', async () => {
    const { inventory, counter } = inventoryCounted();
    const id = await book(40);
    const reserve = (n: number) =>
      runWithRequestId(`order-request-${n}`, () => inventory.reserve({ orderId: randomUUID(), items: [{ bookId: id, quantity: 1 }], ttlSeconds: 300 }));
    const releaseFirst = counter.holdCalls();
    const first = reserve(0);
    await eventually(async () => expect(counter.calls).toHaveLength(1));
    const rest = Array.from({ length: 30 }, (_, n) => reserve(n + 1));
    expect(counter.calls).toHaveLength(1);
    releaseFirst();
    const answers = await Promise.all([first, ...rest]);
    expect(counter.calls.map(({ size }) => size)).toEqual([1, 30]);
    expect(counter.calls.flatMap(({ requestIds }) => requestIds)).toEqual(Array.from({ length: 31 }, (_, n) => `order-request-${n}`));
    expect(answers.every((answer) => answer.lines[0]!.bookId === id && answer.lines[0]!.quantity === 1)).toBe(true);
    expect(await stockOf(id)).toBe(9);
  });
});

describe('reserving stock while the catalog cannot answer', () => {
  const servers: RpcServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  const expectAllUnavailable = (answers: unknown[]) => {
    for (const answer of answers) {
      expect(answer).toBeInstanceOf(AppError);
      expect(answer).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect((answer as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
  };
  const asks = (count: number) =>
    Array.from({ length: count }, () => ({ orderId: randomUUID(), items: [{ bookId: randomUUID(), quantity: 1 }], ttlSeconds: 300 }));

  it('fails every reservation of a call with UPSTREAM_UNAVAILABLE when the catalog is down, then fails fast', async () => {
    const [port] = await freePorts(1);
    const counter = callCounter();
    const inventory = catalogInventory(createRpcTransport(`http://127.0.0.1:${port}`, { interceptors: [counter.interceptor] }), { deadlineMs: 2000, logger });
    for (let round = 0; round < 8; round += 1) {
      const started = Date.now();
      expectAllUnavailable(await Promise.all(asks(25).map((ask) => answerOf(inventory.reserve(ask)))));
      expect(Date.now() - started).toBeLessThan(2000);
    }
    // One call a round until the breaker opens; after that none is even sent.
    expect(counter.calls.length).toBeLessThan(8);
    expect(counter.calls.every(({ method, size }) => method === 'ReserveMany' && size === 25)).toBe(true);
  });

  it('fails every reservation of a call with UPSTREAM_UNAVAILABLE when the catalog does not answer before the deadline', async () => {
    let calls = 0;
    const hanging = createRpcServer({
      routes: (router) =>
        router.service(InventoryService, {
          reserveMany: (_request, context) => {
            calls += 1;
            return new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
          },
        }),
      port: 0,
      host: '127.0.0.1',
      logger,
    });
    servers.push(hanging);
    const inventory = catalogInventory(createRpcTransport(await hanging.listen()), { deadlineMs: 200, logger });
    const started = Date.now();
    expectAllUnavailable(await Promise.all(asks(40).map((ask) => answerOf(inventory.reserve(ask)))));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(calls).toBe(1);
  });

  it("counts each reservation's deadline from its ask, so one asked while a call hangs waits no second deadline", async () => {
    const hanging = createRpcServer({
      routes: (router) =>
        router.service(InventoryService, {
          reserveMany: (_request, context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
        }),
      port: 0,
      host: '127.0.0.1',
      logger,
    });
    servers.push(hanging);
    const timeouts: string[] = [];
    const recordTimeout: Interceptor = (next) => async (request) => {
      timeouts.push(request.header.get('grpc-timeout') ?? 'none');
      return next(request);
    };
    const deadlineMs = 1000;
    const inventory = catalogInventory(createRpcTransport(await hanging.listen(), { interceptors: [recordTimeout] }), { deadlineMs, logger });
    const first = answerOf(inventory.reserve(asks(1)[0]!));
    await eventually(async () => expect(timeouts).toHaveLength(1));
    const late = asks(20).map((ask) => answerOf(inventory.reserve(ask)));
    expectAllUnavailable(await Promise.all([first, ...late]));
    // The late ones went out, if at all, with what was left of their own deadline when the first
    // call gave up, not with a deadline of their own from then on.
    const millis = (timeout: string) => (timeout.endsWith('m') ? Number(timeout.slice(0, -1)) : Number.POSITIVE_INFINITY);
    expect(millis(timeouts[0]!)).toBeLessThanOrEqual(deadlineMs);
    for (const timeout of timeouts.slice(1)) expect(millis(timeout)).toBeLessThan(deadlineMs / 2);
  });

  it('reserves one call per order from a catalog of the previous version, which has no ReserveMany', async () => {
    const older = createRpcServer({
      routes: (router) =>
        router.service(InventoryService, {
          reserve: async (request) => ({
            lines: request.items.map((item) => ({ bookId: item.bookId, quantity: item.quantity, unitPrice: 900, currency: 'USD', title: 'Older' })),
            expiresAt: new Date(Date.now() + 60_000).toISOString(),
          }),
        }),
      port: 0,
      host: '127.0.0.1',
      logger,
    });
    servers.push(older);
    const counter = callCounter();
    const inventory = catalogInventory(createRpcTransport(await older.listen(), { interceptors: [counter.interceptor] }), { deadlineMs: 2000, logger });
    const first = await Promise.all(asks(10).map((ask) => inventory.reserve(ask)));
    const later = await Promise.all(asks(5).map((ask) => inventory.reserve(ask)));
    for (const answer of [...first, ...later]) expect(answer.lines).toMatchObject([{ quantity: 1, unitPrice: 900, title: 'Older' }]);
    // The first batch learns the catalog has no ReserveMany; the next goes straight to Reserve.
    expect(counter.calls.map(({ method }) => method)).toEqual(['ReserveMany', ...Array<string>(15).fill('Reserve')]);
  });
});
