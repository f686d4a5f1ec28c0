import { Type } from 'typebox';
import type { Static } from 'typebox';

export const OUT_OF_STOCK = 'OUT_OF_STOCK';

/**
 * One line of an OUT_OF_STOCK error (`extensions.lines`), the same over HTTP (problem+json) and
 * gRPC (`pustaka.rpc.v1.ErrorDetail`); mirrors `pustaka.catalog.v1.OutOfStockLine`.
 *
 * @example
 *   throw new AppError('conflict', OUT_OF_STOCK, 'Not enough stock', { extensions: { lines } });
 */
export const OutOfStockLine = Type.Object({
  bookId: Type.String(),
  requested: Type.Integer({ minimum: 1 }),
  available: Type.Integer({ minimum: 0 }),
});
export type OutOfStockLine = Static<typeof OutOfStockLine>;
