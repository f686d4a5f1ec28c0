import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryTables } from './discovery.tables.ts';
import { setBookContentIfNewer, ensureDocument, addToVocabulary, replaceSuggestions } from './index/documents.repository.ts';

/** The fixed time every SQL sample of discovery runs at. */
export const sampleNow = new Date('2030-01-01T10:00:00.000Z');

export const sampleBookId = '00000000-0000-7000-8000-00000000b001';
export const sampleVersion = '00000000-0000-7000-8000-0000000e0001';

/** The rows discovery's SQL samples read: one searchable book, its words and its suggestions. */
export async function seedDiscovery(db: Kysely<DiscoveryTables>): Promise<void> {
  const text = { title: 'Laskar Pelangi', people: ['Andrea Hirata'], body: 'Sepuluh anak di Belitung.', categoryName: 'Sastra Indonesia' };
  await ensureDocument(db, sampleBookId, 'book', sampleNow);
  await setBookContentIfNewer(
    db,
    sampleBookId,
    sampleVersion,
    text,
    { categoryId: '00000000-0000-7000-8000-00000000c001', publicationYear: 2005, isbn: '9789793062792', price: 89_000, currency: 'IDR' },
    sampleNow,
  );
  await addToVocabulary(db, [text.title, ...text.people]);
  await replaceSuggestions(db, sampleBookId, [
    { kind: 'title', label: text.title },
    { kind: 'author', label: 'Andrea Hirata' },
  ]);
}
