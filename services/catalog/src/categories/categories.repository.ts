import type { Insertable, Selectable, Updateable } from '@pustaka/kit/db';
import type { CatalogDb, CategoryTable } from '../catalog.tables.ts';

export type CategoryRow = Selectable<CategoryTable>;
export type NewCategoryRow = Insertable<CategoryTable>;
export type CategoryRowWithCount = CategoryRow & { book_count: number };

function selectCategoriesWithCounts(db: CatalogDb) {
  return db
    .selectFrom('categories')
    .leftJoin('books', 'books.category_id', 'categories.id')
    .selectAll('categories')
    .select((eb) => eb.fn.count<number>('books.id').as('book_count'))
    .groupBy('categories.id');
}

export async function listCategoriesWithCounts(db: CatalogDb): Promise<CategoryRowWithCount[]> {
  return selectCategoriesWithCounts(db)
    .orderBy((eb) => eb.fn('lower', ['categories.name']))
    .orderBy('categories.id')
    .execute();
}

export async function findCategoryWithCount(db: CatalogDb, id: string): Promise<CategoryRowWithCount | undefined> {
  return selectCategoriesWithCounts(db).where('categories.id', '=', id).executeTakeFirst();
}

export async function insertCategory(db: CatalogDb, row: NewCategoryRow): Promise<CategoryRow> {
  return db.insertInto('categories').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertCategories(db: CatalogDb, rows: NewCategoryRow[]): Promise<CategoryRow[]> {
  return db.insertInto('categories').values(rows).returningAll().execute();
}

export async function updateCategory(db: CatalogDb, id: string, changes: Updateable<CategoryTable>): Promise<CategoryRow | undefined> {
  return db.updateTable('categories').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

/** True when a row was deleted. */
export async function deleteCategory(db: CatalogDb, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('categories').where('id', '=', id).returning('id').executeTakeFirst();
  return deleted !== undefined;
}

export async function countCategories(db: CatalogDb): Promise<number> {
  const { count } = await db
    .selectFrom('categories')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return count;
}
