import type { ConnectRouter } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import type { ReserveRequest } from '@pustaka/contracts/catalog/v1';
import { AppError } from '@pustaka/kit/errors';
import { acceptRequestId, errorToProblem, keysetPageOf, rpcLog, runWithRequestId } from '@pustaka/kit/rpc';
import { listBooksPage } from '../books/book-listing.service.ts';
import type { CatalogContext } from '../catalog-context.ts';
import { releaseReservation } from './inventory.service.ts';
import { createReserveQueue } from './reserve-queue.ts';
import { findBookSummaries } from './reservations.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDS = 100;
const MAX_TTL_SECONDS = 3600;
/** Most reservations in one ReserveMany: the reserve queue's group size, so a call fits in one group. */
const MAX_RESERVATIONS = 100;

/**
 * `pustaka.catalog.v1.Inventory` for other services: thin adapters over the inventory use cases,
 * which the HTTP routes share. Input is checked here because protobuf only knows types, not ranges.
 * Reservations that arrive together are written together (group commit, see `createReserveQueue`);
 * a ReserveMany hands all its items to the queue at once, so they form one group.
 */
export function registerInventoryRpc(router: ConnectRouter, ctx: CatalogContext, defaultTtlSeconds: number): void {
  const reservations = createReserveQueue(ctx);

  // Async, so a request refused by validation is a rejected promise: one item's problem in a batch.
  const reserve = async (request: ReserveRequest) => {
    assertIds([request.orderId, ...request.items.map((item) => item.bookId)]);
    const ttlSeconds = request.ttlSeconds || defaultTtlSeconds;
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) invalid(`ttl_seconds must be 1 to ${MAX_TTL_SECONDS}`);
    const reservation = await reservations.reserve({
      orderId: request.orderId,
      items: request.items.map((item) => ({ bookId: item.bookId, quantity: item.quantity })),
      ttlSeconds,
    });
    return { lines: reservation.lines, expiresAt: reservation.expiresAt };
  };

  router.service(Inventory, {
    async getBooks(request) {
      assertIds(request.ids);
      return { books: await findBookSummaries(ctx.db, request.ids) };
    },
    reserve,
    async reserveMany(request, context) {
      if (request.requests.length > MAX_RESERVATIONS) invalid(`At most ${MAX_RESERVATIONS} reservations in one call`);
      // Each item's work and log lines carry the request id of the caller's work it is for.
      const requestIds = request.requests.map((each) => (each.requestId ? acceptRequestId(each.requestId) : undefined));
      // Every item reaches the queue in this turn, before any settles, so they are written as one group.
      const settled = await Promise.allSettled(
        request.requests.map((each, item) => {
          const requestId = requestIds[item];
          return requestId ? runWithRequestId(requestId, () => reserve(each)) : reserve(each);
        }),
      );
      return {
        outcomes: settled.map((outcome, item) => {
          if (outcome.status === 'fulfilled') return { result: { case: 'reservation' as const, value: outcome.value } };
          const log = rpcLog(context).child({ item, ...(requestIds[item] ? { itemRequestId: requestIds[item] } : {}) });
          return { result: { case: 'problem' as const, value: errorToProblem(outcome.reason, log) } };
        }),
      };
    },
    async release(request) {
      assertIds([request.orderId]);
      return { released: await releaseReservation(ctx, request.orderId) };
    },
    async listBooks(request) {
      const { books, nextAfterId } = await listBooksPage(ctx, keysetPageOf(request));
      return { books: books.map(({ bookId, ...book }) => ({ id: bookId, ...book })), nextAfterId };
    },
  });
}

function assertIds(ids: string[]): void {
  if (ids.length > MAX_IDS) invalid(`At most ${MAX_IDS} ids`);
  if (!ids.every((id) => UUID.test(id))) invalid('Ids are UUIDs');
}

function invalid(detail: string): never {
  throw new AppError('invalid', 'VALIDATION_FAILED', detail);
}
