import { pageOf } from '@pustaka/kit/http';
import type { NotifyContext } from '../notify-context.ts';
import { findItems, insertItem } from './items.repository.ts';
import type { ItemRow } from './items.repository.ts';
import type { Item, ItemListQuery, ItemPage } from './items.schema.ts';

/** The items, newest first, one page at a time. */
export async function listItems(ctx: NotifyContext, query: ItemListQuery): Promise<ItemPage> {
  const { page, pageSize } = pageOf(query);
  const { rows, total } = await findItems(ctx.db, { offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map(toItem), total, page, pageSize };
}

/** Adds an item (no route does yet: the tests and your first use case do). */
export async function addItem(ctx: NotifyContext, name: string): Promise<Item> {
  const row = { id: ctx.newId(), name, created_at: ctx.now() };
  await insertItem(ctx.db, row);
  return toItem(row);
}

function toItem(row: ItemRow): Item {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}
