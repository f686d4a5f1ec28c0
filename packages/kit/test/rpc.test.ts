import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError } from '@connectrpc/connect';
import type { Client, Transport } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { AppError } from '../src/errors/app-error.ts';
import { createInMemoryTransport, createRpcClient, createRpcServer, createRpcTransport, runWithRequestId } from '../src/rpc/index.ts';
import type { RpcServer } from '../src/rpc/index.ts';
import { capturedLogger, inventoryRoutes, SECRET, SHORT_LINES } from './rpc-test-inventory.ts';
import type { Seen } from './rpc-test-inventory.ts';

const seen: Seen = { calls: 0, requestIds: [] };
const log = capturedLogger();
let server: RpcServer;
const transports: Record<string, Transport> = {};

beforeAll(async () => {
  server = createRpcServer({ routes: inventoryRoutes(seen), port: 0, host: '127.0.0.1', logger: log.logger });
  transports.grpc = createRpcTransport(await server.listen());
  transports.memory = createInMemoryTransport(inventoryRoutes(seen), { logger: log.logger });
});
afterAll(() => server.close());

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe.each(['grpc', 'memory'])('an rpc client over the %s transport', (name) => {
  let inventory: Client<typeof Inventory>;
  beforeAll(() => {
    inventory = createRpcClient(Inventory, transports[name]!, { name: `inventory-${name}`, deadlineMs: 300 });
  });

  it('returns what the handler returned', async () => {
    const { books } = await inventory.getBooks({ ids: ['b-1', 'b-2'] });
    expect(books.map((book) => ({ id: book.id, title: book.title, price: book.price, stock: book.stock }))).toEqual([
      { id: 'b-1', title: 'Title b-1', price: 1999, stock: 5 },
      { id: 'b-2', title: 'Title b-2', price: 1999, stock: 5 },
    ]);
    expect(await inventory.release({ orderId: 'o-1' })).toMatchObject({ released: true });
  });

  it('rebuilds OUT_OF_STOCK as the same AppError, lines included', async () => {
    const error = await failureOf(inventory.reserve({ orderId: 'o-1', items: [{ bookId: 'b-1', quantity: 3 }] }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'conflict', code: 'OUT_OF_STOCK', message: 'Not enough stock for some lines', status: 409 });
    expect((error as AppError).extensions).toEqual({ lines: SHORT_LINES });
    expect(((error as AppError).cause as ConnectError).code).toBe(Code.FailedPrecondition);
  });

  it('keeps the kind of other domain errors and their field errors', async () => {
    expect(await failureOf(inventory.getBooks({ ids: ['missing'] }))).toMatchObject({ kind: 'not_found', code: 'BOOK_NOT_FOUND' });
    const invalid = await failureOf(inventory.release({ orderId: '' }));
    expect(invalid).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', errors: [{ field: '/orderId', message: 'is required' }] });
  });

  it('answers an unexpected failure as INTERNAL without its message, and logs it with the request id', async () => {
    const error = await runWithRequestId(`boom-${name}`, () => failureOf(inventory.getBooks({ ids: ['boom'] })));
    expect(error).not.toBeInstanceOf(AppError);
    expect((error.cause as ConnectError).code).toBe(Code.Internal);
    expect(JSON.stringify({ message: error.message, cause: (error.cause as ConnectError).rawMessage })).not.toContain('hunter2');
    const logged = log.lines().find((line) => line.msg === 'rpc failed unexpectedly' && line.requestId === `boom-${name}`);
    expect(logged).toMatchObject({ rpc: 'pustaka.catalog.v1.Inventory/GetBooks', err: { message: expect.stringContaining(SECRET) } });
  });

  it('gives up on a slow handler at the deadline with UPSTREAM_UNAVAILABLE', async () => {
    const started = Date.now();
    const error = await failureOf(inventory.getBooks({ ids: ['slow'] }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('sends the current request id, which the handler and its log see', async () => {
    await runWithRequestId(`req-${name}`, () => inventory.getBooks({ ids: ['b-1'] }));
    expect(seen.requestIds.at(-1)).toBe(`req-${name}`);
    expect(log.lines().some((line) => line.msg === 'getBooks' && line.requestId === `req-${name}`)).toBe(true);
    await inventory.getBooks({ ids: ['b-1'] });
    expect(seen.requestIds.at(-1)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the rpc server', () => {
  it('lets a call in flight finish on close, then refuses new ones', async () => {
    const local = createRpcServer({ routes: inventoryRoutes(), port: 0, host: '127.0.0.1', logger: log.logger });
    const client = createRpcClient(Inventory, createRpcTransport(await local.listen()), { name: 'closing', deadlineMs: 5000 });
    const inFlight = client.getBooks({ ids: ['slow'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await local.close();
    expect((await inFlight).books).toHaveLength(1);
    expect(await failureOf(client.getBooks({ ids: ['b-1'] }))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});
