import { AppError } from '../errors/app-error.ts';

/** The most rows one page of a listing RPC holds. */
export const MAX_LISTING_PAGE_SIZE = 1000;
/** The rows of a page when the caller asks for none in particular (`page_size` 0). */
export const DEFAULT_LISTING_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page of a listing by id, as a repository takes it: the rows after `afterId`, at most `size`. */
export interface KeysetPage {
  /** Undefined for the first page. */
  afterId: string | undefined;
  size: number;
}

/**
 * The page a listing RPC was asked for (`after_id`, `page_size`, as every Pustaka listing names
 * them), checked: `after_id` empty or a UUID, `page_size` 0 (the default, 100) to 1000. Anything
 * else is INVALID_ARGUMENT VALIDATION_FAILED, the error the listings document.
 *
 * @example
 *   const page = keysetPageOf(request); // { afterId: undefined, size: 100 } for { afterId: '', pageSize: 0 }
 *   const rows = await findBooksAfter(ctx.db, page.afterId, page.size + 1);
 *   const { rows: books, nextAfterId } = pageOfRows(rows, page, (row) => row.id);
 */
export function keysetPageOf(request: { afterId: string; pageSize: number }): KeysetPage {
  const { afterId, pageSize } = request;
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_LISTING_PAGE_SIZE)
    invalid(`page_size is 1 to ${MAX_LISTING_PAGE_SIZE}, or 0 for ${DEFAULT_LISTING_PAGE_SIZE}`);
  if (afterId !== '' && !UUID.test(afterId)) invalid('after_id is empty or the id of the last row of the previous page');
  return { afterId: afterId === '' ? undefined : afterId.toLowerCase(), size: pageSize === 0 ? DEFAULT_LISTING_PAGE_SIZE : pageSize };
}

/**
 * A page out of rows read one past its size (`page.size + 1`, so no extra call is needed to learn
 * that it was the last): at most `page.size` rows, and the `after_id` of the next page, empty when
 * there is none.
 *
 * @example
 *   pageOfRows([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { afterId: undefined, size: 2 }, (row) => row.id);
 *   // { rows: [{ id: 'a' }, { id: 'b' }], nextAfterId: 'b' }
 */
export function pageOfRows<Row>(rows: Row[], page: KeysetPage, idOf: (row: Row) => string): { rows: Row[]; nextAfterId: string } {
  if (rows.length <= page.size) return { rows, nextAfterId: '' };
  const kept = rows.slice(0, page.size);
  return { rows: kept, nextAfterId: idOf(kept[kept.length - 1]!) };
}

function invalid(detail: string): never {
  throw new AppError('invalid', 'VALIDATION_FAILED', detail);
}

/**
 * Every page of a listing RPC, one after the other, for a caller that reads it all (a read model
 * rebuilt from its owner): it asks for the first page, then for the page after each, until a page
 * says it was the last. Stops between pages once `signal` is aborted, with its reason.
 *
 * @example
 *   for await (const books of keysetPages(async (afterId) => {
 *     const { books, nextAfterId } = await inventory.listBooks({ afterId, pageSize: 1000 });
 *     return { items: books, nextAfterId };
 *   })) await indexBooks(books);
 */
export async function* keysetPages<Item>(
  fetchPage: (afterId: string) => Promise<{ items: Item[]; nextAfterId: string }>,
  signal?: AbortSignal,
): AsyncGenerator<Item[], void, undefined> {
  let afterId = '';
  do {
    signal?.throwIfAborted();
    const page = await fetchPage(afterId);
    if (page.items.length > 0) yield page.items;
    afterId = page.nextAfterId;
  } while (afterId !== '');
}
