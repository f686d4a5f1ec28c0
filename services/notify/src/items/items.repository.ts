import type { Insertable, Selectable } from '@pustaka/kit/db';
import type { NotifyDb, ItemTable } from '../notify.tables.ts';

export type ItemRow = Selectable<ItemTable>;

export async function insertItem(db: NotifyDb, row: Insertable<ItemTable>): Promise<void> {
  await db.insertInto('items').values(row).execute();
}

/** One page of items, newest first, and how many there are in all. */
export async function findItems(db: NotifyDb, page: { offset: number; limit: number }): Promise<{ rows: ItemRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('items').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  // int8: a string on pg, a number on PGlite.
  return { rows, total: Number(count.total) };
}
