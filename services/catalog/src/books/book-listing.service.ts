import type { BookPayload } from '@pustaka/contracts';
import { pageOfRows } from '@pustaka/kit/rpc';
import type { KeysetPage } from '@pustaka/kit/rpc';
import type { CatalogContext } from '../catalog-context.ts';
import { bookPayloadOf } from './book-events.ts';
import { findBooksAfter } from './book-listing.repository.ts';

/**
 * One page of every book, in id order, each whole as `book.created` and `book.updated` carry it,
 * so a service rebuilding what it keeps of the catalog gets what its consumer gets from events.
 */
export async function listBooksPage(ctx: CatalogContext, page: KeysetPage): Promise<{ books: BookPayload[]; nextAfterId: string }> {
  const { rows, nextAfterId } = pageOfRows(await findBooksAfter(ctx.db, page.afterId, page.size + 1), page, (row) => row.id);
  return { books: rows.map((row) => bookPayloadOf(row, row.category_name)), nextAfterId };
}
