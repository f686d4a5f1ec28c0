import type { Kysely } from '@pustaka/kit/db';
import type { CatalogTables } from './catalog.tables.ts';

/** The fixed time every SQL sample of the catalog runs at. */
export const sampleNow = new Date('2030-01-01T10:00:00.000Z');

/** Two books in id order, as the SQL samples' seed creates them. */
export const sampleBooks = ['00000000-0000-7000-8000-00000000b001', '00000000-0000-7000-8000-00000000b002'] as const;

/** The rows the catalog's SQL samples read: one category with `sampleBooks`, ten of each in stock. */
export async function seedCatalog(db: Kysely<CatalogTables>): Promise<void> {
  const categoryId = '00000000-0000-7000-8000-00000000c001';
  await db
    .insertInto('categories')
    .values({ id: categoryId, name: 'Fiction', slug: 'fiction', description: null, created_at: sampleNow, updated_at: sampleNow })
    .execute();
  await db
    .insertInto('books')
    .values(
      sampleBooks.map((id, n) => ({
        id,
        title: `Book ${n + 1}`,
        authors: ['An Author'],
        isbn: `978000000000${n}`,
        synopsis: '',
        publication_year: 2020,
        price: 1000,
        currency: 'IDR',
        stock: 10,
        location: 'A-1',
        category_id: categoryId,
        cover_url: null,
        created_at: sampleNow,
        updated_at: sampleNow,
      })),
    )
    .execute();
}
