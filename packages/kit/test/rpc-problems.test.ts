import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError } from '@connectrpc/connect';
import type { Client, ConnectRouter, Transport } from '@connectrpc/connect';
import { create } from '@bufbuild/protobuf';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import type { ReserveOutcome } from '@pustaka/contracts/catalog/v1';
import { ProblemSchema } from '@pustaka/contracts/rpc/v1';
import type { Problem } from '@pustaka/contracts/rpc/v1';
import { AppError } from '../src/errors/app-error.ts';
import {
  createInMemoryTransport,
  createRpcClient,
  createRpcServer,
  createRpcTransport,
  errorToProblem,
  problemToError,
  rpcLog,
  runWithRequestId,
} from '../src/rpc/index.ts';
import type { RpcServer } from '../src/rpc/index.ts';
import { capturedLogger, SECRET, SHORT_LINES } from './rpc-test-inventory.ts';

/** What a handler throws for an order id: the cases a batch item's problem must carry intact. */
const THROWN: Record<string, () => unknown> = {
  'out-of-stock': () => new AppError('conflict', 'OUT_OF_STOCK', 'Not enough stock for some lines', { extensions: { lines: SHORT_LINES } }),
  'bad-fields': () =>
    new AppError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields', {
      errors: [
        { in: 'body', field: '/items/0/quantity', message: 'must be >= 1' },
        { field: '/orderId', message: 'is required' },
      ],
    }),
  // Shares INVALID_ARGUMENT with `invalid`: only the detail tells them apart.
  unprocessable: () => new AppError('unprocessable', 'ORDER_ID_REUSED', 'The order id was used for other items'),
  'rate-limited': () => new AppError('rate_limited', 'TOO_MANY_RESERVATIONS', 'Slow down', { retryAfterSeconds: 30 }),
  unavailable: () => new AppError('unavailable', 'STOCK_LOCKED', 'Stock is being counted', { retryAfterSeconds: 7 }),
  'not-found': () => new AppError('not_found', 'BOOK_NOT_FOUND', 'The book was not found'),
  forbidden: () => new AppError('forbidden', 'NOT_YOURS', 'Not your reservation'),
  'connect-error': () => new ConnectError('Too large', Code.ResourceExhausted),
  boom: () => new Error(`database exploded: ${SECRET}`),
};
const RESERVED = { lines: [{ bookId: 'b-1', quantity: 2, unitPrice: 1999, currency: 'USD', title: 'Title b-1' }], expiresAt: '2030-01-01T00:00:00.000Z' };

/** Reserve fails with what THROWN says for the order id; ReserveMany answers each item as Reserve would. */
function problemRoutes(router: ConnectRouter) {
  const reserve = async ({ orderId }: { orderId: string }) => {
    const thrown = THROWN[orderId];
    if (thrown) throw thrown();
    return RESERVED;
  };
  router.service(Inventory, {
    reserve,
    async reserveMany(request, context) {
      const settled = await Promise.allSettled(request.requests.map(reserve));
      return {
        outcomes: settled.map((outcome, item) =>
          outcome.status === 'fulfilled'
            ? { result: { case: 'reservation' as const, value: outcome.value } }
            : { result: { case: 'problem' as const, value: errorToProblem(outcome.reason, rpcLog(context).child({ item })) } },
        ),
      };
    },
  });
}

/** Everything of an error a caller can act on or show. */
function shapeOf(error: unknown) {
  const e = error as AppError;
  return {
    appError: error instanceof AppError,
    message: e.message,
    kind: e.kind,
    code: e.code,
    status: e.status,
    errors: e.errors,
    extensions: e.extensions,
    retryAfterSeconds: e.retryAfterSeconds,
    grpcCode: (e.cause as ConnectError | undefined)?.code,
  };
}

function problemOf(outcome: ReserveOutcome | undefined): Problem {
  if (outcome?.result.case !== 'problem') throw new Error(`expected a problem, got ${outcome?.result.case}`);
  return outcome.result.value;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const log = capturedLogger();
let server: RpcServer;
const transports: Record<string, Transport> = {};

beforeAll(async () => {
  server = createRpcServer({ routes: problemRoutes, port: 0, host: '127.0.0.1', logger: log.logger });
  transports.grpc = createRpcTransport(await server.listen());
  transports.memory = createInMemoryTransport(problemRoutes, { logger: log.logger });
});
afterAll(() => server.close());

describe.each(['grpc', 'memory'])('the problems of a batch call over the %s transport', (name) => {
  const upstream = `problems-${name}`;
  let inventory: Client<typeof Inventory>;
  beforeAll(() => {
    inventory = createRpcClient(Inventory, transports[name]!, { name: upstream, deadlineMs: 2000 });
  });

  it("rebuilds each item's error as the very error the call for it alone fails with, in order", async () => {
    const orderIds = ['ok', ...Object.keys(THROWN).filter((id) => id !== 'boom'), 'ok'];
    const { outcomes } = await inventory.reserveMany({ requests: orderIds.map((orderId) => ({ orderId })) });
    expect(outcomes.map((outcome) => outcome.result.case)).toEqual(['reservation', ...Array(orderIds.length - 2).fill('problem'), 'reservation']);
    for (const [item, orderId] of orderIds.entries()) {
      const { result } = outcomes[item]!;
      if (result.case === 'reservation') {
        expect(result.value).toEqual(await inventory.reserve({ orderId }));
        continue;
      }
      const alone = await failureOf(inventory.reserve({ orderId }));
      expect(shapeOf(problemToError(problemOf(outcomes[item]), upstream)), orderId).toEqual(shapeOf(alone));
    }
  });

  it('keeps every part of an AppError: AppError, Problem, the same AppError', async () => {
    const { outcomes } = await inventory.reserveMany({
      requests: [{ orderId: 'out-of-stock' }, { orderId: 'bad-fields' }, { orderId: 'unprocessable' }, { orderId: 'rate-limited' }],
    });
    const [outOfStock, badFields, unprocessable, rateLimited] = outcomes.map((outcome) => problemToError(problemOf(outcome), upstream));
    const thrown = (orderId: string) => THROWN[orderId]!() as AppError;
    for (const [rebuilt, orderId] of [
      [outOfStock, 'out-of-stock'],
      [badFields, 'bad-fields'],
      [unprocessable, 'unprocessable'],
      [rateLimited, 'rate-limited'],
    ] as const) {
      expect(rebuilt).toBeInstanceOf(AppError);
      const { kind, code, message, status, extensions, retryAfterSeconds } = thrown(orderId);
      expect(rebuilt, orderId).toMatchObject({ kind, code, message, status, extensions, retryAfterSeconds });
    }
    expect((badFields as AppError).errors).toEqual(thrown('bad-fields').errors);
    expect(problemOf(outcomes[0])).toMatchObject({
      status: Code.FailedPrecondition,
      message: 'Not enough stock for some lines',
      detail: { code: 'OUT_OF_STOCK', kind: 'conflict' },
    });
  });

  it("turns an upstream's unavailable item into UPSTREAM_UNAVAILABLE with its Retry-After, as a single call does", async () => {
    const { outcomes } = await inventory.reserveMany({ requests: [{ orderId: 'unavailable' }] });
    const rebuilt = problemToError(problemOf(outcomes[0]), upstream);
    expect(rebuilt).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE', status: 503, retryAfterSeconds: 7 });
  });

  it('answers an unexpected item failure as INTERNAL without its message, logs it with the request id, and serves the others', async () => {
    const { outcomes } = await runWithRequestId(`batch-${name}`, () => inventory.reserveMany({ requests: [{ orderId: 'ok' }, { orderId: 'boom' }] }));
    expect(outcomes[0]!.result.case).toBe('reservation');
    const problem = problemOf(outcomes[1]);
    expect(problem).toMatchObject({ status: Code.Internal, message: 'An unexpected error occurred; it has been logged' });
    expect(problem.detail).toBeUndefined();
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    const rebuilt = problemToError(problem, upstream);
    expect(rebuilt).not.toBeInstanceOf(AppError);
    expect(rebuilt.message).not.toContain('hunter2');
    expect(shapeOf(rebuilt)).toEqual(shapeOf(await failureOf(inventory.reserve({ orderId: 'boom' }))));
    const logged = log.lines().find((line) => line.msg === 'rpc failed unexpectedly' && line.requestId === `batch-${name}`);
    expect(logged).toMatchObject({ rpc: 'pustaka.catalog.v1.Inventory/ReserveMany', item: 1, err: { message: expect.stringContaining(SECRET) } });
  });
});

describe('a problem', () => {
  it('that names no gRPC error is an upstream bug, never a success or a domain error', () => {
    for (const status of [0, 17, -1]) {
      const rebuilt = problemToError(create(ProblemSchema, { status, message: 'odd' }), 'odd-upstream');
      expect(rebuilt).not.toBeInstanceOf(AppError);
      expect((rebuilt.cause as ConnectError).code).toBe(Code.Unknown);
    }
  });
});
