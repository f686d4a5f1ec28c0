import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Currency, Instant, Money, Uuid } from './envelope.ts';

export const STOCK_CHANGED = 'stock.changed';
export const STOCK_LOW = 'stock.low';
export const BOOK_CREATED = 'book.created';
export const BOOK_UPDATED = 'book.updated';
export const BOOK_DELETED = 'book.deleted';
export const CATEGORY_UPDATED = 'category.updated';

export const STOCK_CHANGE_REASONS = ['restock', 'correction', 'reservation', 'release', 'sale'] as const;
export type StockChangeReason = (typeof STOCK_CHANGE_REASONS)[number];

/** The stock of a book moved by `delta` (negative when units left the shelf) to `stock`. */
export const StockChangedPayload = Type.Object({
  bookId: Uuid,
  stock: Type.Integer({ minimum: 0 }),
  delta: Type.Integer(),
  // A mapped union loses its literals in `Static` (it reads as never); an enum keeps them.
  reason: Type.Unsafe<StockChangeReason>({ type: 'string', enum: [...STOCK_CHANGE_REASONS] }),
});
export type StockChangedPayload = Static<typeof StockChangedPayload>;

/** The stock of a book fell to or below its threshold: time to restock. */
export const StockLowPayload = Type.Object({
  bookId: Uuid,
  title: Type.String(),
  stock: Type.Integer({ minimum: 0 }),
  threshold: Type.Integer({ minimum: 0 }),
});
export type StockLowPayload = Static<typeof StockLowPayload>;

/**
 * A book as it stands after the change (whole, so consumers overwrite rather than merge): every
 * field a search index needs, so search never has to call catalog back. `categoryName` is the
 * category's name when the change was recorded.
 */
export const BookPayload = Type.Object({
  bookId: Uuid,
  title: Type.String(),
  authors: Type.Array(Type.String()),
  isbn: Type.String(),
  synopsis: Type.String(),
  publicationYear: Type.Integer(),
  categoryId: Uuid,
  categoryName: Type.String(),
  price: Money,
  currency: Currency,
  stock: Type.Integer({ minimum: 0 }),
  /**
   * `stock.low` is announced when the stock falls to or below this; with `stock`, a reader knows
   * whether the book is low without waiting for the next alarm. Absent in events recorded before
   * it was added.
   */
  lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0 })),
  updatedAt: Instant,
});
export type BookPayload = Static<typeof BookPayload>;

export const BookDeletedPayload = Type.Object({ bookId: Uuid });
export type BookDeletedPayload = Static<typeof BookDeletedPayload>;

/**
 * A category as it stands after staff changed it (renamed it, gave it a slug or a description):
 * whole, so consumers overwrite. The books filed under it are not announced one by one; a reader
 * that keeps `categoryName` beside its books (a search index) renames them itself.
 */
export const CategoryPayload = Type.Object({
  categoryId: Uuid,
  name: Type.String(),
  slug: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Instant,
});
export type CategoryPayload = Static<typeof CategoryPayload>;
