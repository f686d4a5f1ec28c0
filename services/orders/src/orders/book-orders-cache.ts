import type { Cache } from '@pustaka/kit/cache';

/** The cached list of the newest orders containing a book (see `listOrdersOfBook`). */
export function bookOrdersKey(bookId: string): string {
  return `book-orders:${bookId}`;
}

/** After an order is placed, cancelled or fulfilled: its books' order lists are stale. */
export async function forgetOrdersOfBooks(cache: Cache, bookIds: string[]): Promise<void> {
  if (bookIds.length > 0) await cache.delete(...bookIds.map(bookOrdersKey));
}
