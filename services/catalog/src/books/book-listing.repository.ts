import type { CatalogDb } from '../catalog.tables.ts';
import type { BookRow } from './books.repository.ts';

/** A book as the listing for other services reads it: its row and its category's name. */
export type ListedBookRow = Pick<
  BookRow,
  'id' | 'title' | 'authors' | 'isbn' | 'synopsis' | 'publication_year' | 'category_id' | 'price' | 'currency' | 'stock' | 'updated_at'
> & { category_name: string };

/**
 * Up to `limit` books with ids above `afterId` (all from the first when undefined), in id order,
 * each with its category's name: one statement, so one moment of the shelves per page, read along
 * the primary key.
 */
export async function findBooksAfter(db: CatalogDb, afterId: string | undefined, limit: number): Promise<ListedBookRow[]> {
  return db
    .selectFrom('books')
    .innerJoin('categories', 'categories.id', 'books.category_id')
    .select([
      'books.id',
      'books.title',
      'books.authors',
      'books.isbn',
      'books.synopsis',
      'books.publication_year',
      'books.category_id',
      'books.price',
      'books.currency',
      'books.stock',
      'books.updated_at',
      'categories.name as category_name',
    ])
    .$if(afterId !== undefined, (query) => query.where('books.id', '>', afterId!))
    .orderBy('books.id')
    .limit(limit)
    .execute();
}
