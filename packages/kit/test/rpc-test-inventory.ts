// A tiny Inventory for the rpc tests: real generated descriptors, behaviour picked by the ids sent.
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import type { ConnectRouter, HandlerContext } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { AppError } from '../src/errors/app-error.ts';
import { currentRequestId, rpcLog } from '../src/rpc/index.ts';

export const SECRET = 'password=hunter2';
export const SHORT_LINES = [
  { bookId: 'b-1', requested: 3, available: 1 },
  { bookId: 'b-2', requested: 2, available: 0 },
];

export interface Seen {
  calls: number;
  requestIds: string[];
}

/** Routes for Inventory: `slow` sleeps past any test deadline, `boom` fails unexpectedly. */
export function inventoryRoutes(seen: Seen = { calls: 0, requestIds: [] }) {
  return (router: ConnectRouter) => {
    router.service(Inventory, {
      async getBooks(request, context: HandlerContext) {
        seen.calls += 1;
        seen.requestIds.push(currentRequestId() ?? 'none');
        rpcLog(context).info({ ids: request.ids }, 'getBooks');
        if (request.ids.includes('slow')) await sleep(1500, context.signal);
        if (request.ids.includes('boom')) throw new Error(`database exploded: ${SECRET}`);
        if (request.ids.includes('missing')) throw new AppError('not_found', 'BOOK_NOT_FOUND', 'The book was not found');
        return { books: request.ids.map((id) => ({ id, title: `Title ${id}`, authors: ['A. Author'], price: 1999, currency: 'USD', stock: 5 })) };
      },
      async reserve() {
        seen.calls += 1;
        throw new AppError('conflict', 'OUT_OF_STOCK', 'Not enough stock for some lines', { extensions: { lines: SHORT_LINES } });
      },
      async release(request) {
        seen.calls += 1;
        if (!request.orderId) {
          throw new AppError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields', {
            errors: [{ field: '/orderId', message: 'is required' }],
          });
        }
        return { released: true };
      },
    });
  };
}

/** A logger whose JSON lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
