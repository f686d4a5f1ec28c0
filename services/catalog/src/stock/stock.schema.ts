import { Type } from 'typebox';
import type { Static } from 'typebox';
import { MAX_STOCK } from '../books/books.schema.ts';

export const MAX_STOCK_DELTA = 100_000;

export const StockChangeBody = Type.Object(
  {
    delta: Type.Optional(
      Type.Integer({ minimum: -MAX_STOCK_DELTA, maximum: MAX_STOCK_DELTA, description: 'Units to add (restock) or remove (correction); not zero' }),
    ),
    set: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STOCK, description: 'The counted stock, replacing the current one' })),
  },
  { additionalProperties: false, description: 'Exactly one of `delta` or `set`' },
);
export type StockChange = Static<typeof StockChangeBody>;

export const StockLevelSchema = Type.Object({ bookId: Type.String({ format: 'uuid' }), stock: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export type StockLevel = Static<typeof StockLevelSchema>;
