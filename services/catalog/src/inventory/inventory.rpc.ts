import type { ConnectRouter } from '@connectrpc/connect';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { AppError } from '@pustaka/kit/errors';
import type { CatalogContext } from '../catalog-context.ts';
import { releaseReservation } from './inventory.service.ts';
import { createReserveQueue } from './reserve-queue.ts';
import { findBookSummaries } from './reservations.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDS = 100;
const MAX_TTL_SECONDS = 3600;

/**
 * `pustaka.catalog.v1.Inventory` for other services: thin adapters over the inventory use cases,
 * which the HTTP routes share. Input is checked here because protobuf only knows types, not ranges.
 * Reservations that arrive together are written together (group commit, see `createReserveQueue`).
 */
export function registerInventoryRpc(router: ConnectRouter, ctx: CatalogContext, defaultTtlSeconds: number): void {
  const reservations = createReserveQueue(ctx);
  router.service(Inventory, {
    async getBooks(request) {
      assertIds(request.ids);
      return { books: await findBookSummaries(ctx.db, request.ids) };
    },
    async reserve(request) {
      assertIds([request.orderId, ...request.items.map((item) => item.bookId)]);
      const ttlSeconds = request.ttlSeconds || defaultTtlSeconds;
      if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) invalid(`ttl_seconds must be 1 to ${MAX_TTL_SECONDS}`);
      const reservation = await reservations.reserve({
        orderId: request.orderId,
        items: request.items.map((item) => ({ bookId: item.bookId, quantity: item.quantity })),
        ttlSeconds,
      });
      return { lines: reservation.lines, expiresAt: reservation.expiresAt };
    },
    async release(request) {
      assertIds([request.orderId]);
      return { released: await releaseReservation(ctx, request.orderId) };
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
