import { CATEGORY_UPDATED } from '@pustaka/contracts';
import type { CategoryPayload } from '@pustaka/contracts';
import type { Transaction } from '@pustaka/kit/db';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import type { CategoryRow } from './categories.repository.ts';

/**
 * Records `category.updated` with the category whole, in the transaction that changed it (after
 * the write, so the event's id is newer than that of any book event that read the old name: a
 * book's event reads its category's name under a share lock, which waits for this change).
 */
export async function recordCategoryUpdated(ctx: CatalogContext, trx: Transaction<CatalogTables>, row: CategoryRow): Promise<void> {
  await ctx.events.record(trx, CATEGORY_UPDATED, categoryPayloadOf(row));
}

function categoryPayloadOf(row: CategoryRow): CategoryPayload {
  return { categoryId: row.id, name: row.name, slug: row.slug, description: row.description, updatedAt: row.updated_at.toISOString() };
}
