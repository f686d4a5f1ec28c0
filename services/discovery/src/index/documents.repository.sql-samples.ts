import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId, sampleNow, seedDiscovery } from '../discovery.sql-fixtures.ts';
import {
  addSuggestions,
  addToVocabulary,
  ensureDocument,
  findVersions,
  insertNewDocuments,
  renameCategoryOfDocuments,
  replaceSuggestions,
  setBookContentIfNewer,
  setEventContentIfNewer,
  setStockIfNewer,
  withdrawIfNewer,
} from './documents.repository.ts';

const newer = '00000000-0000-7000-8000-0000000e0002';
const newBookId = '00000000-0000-7000-8000-00000000b002';
const text = { title: 'Sang Pemimpi', people: ['Andrea Hirata'], body: 'Ikal dan Arai.', categoryName: 'Sastra Indonesia' };

/** The index's writes: each conditional on the version it holds, so a late event changes nothing. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedDiscovery,
  samples: [
    { name: 'ensureDocument', run: (db) => ensureDocument(db, sampleBookId, 'book', sampleNow) },
    {
      name: 'setBookContentIfNewer',
      run: (db) =>
        setBookContentIfNewer(
          db,
          sampleBookId,
          newer,
          text,
          { categoryId: '00000000-0000-7000-8000-00000000c001', publicationYear: 2006, isbn: '9789793062808', price: 79_000, currency: 'IDR' },
          sampleNow,
        ),
    },
    {
      name: 'setEventContentIfNewer',
      run: (db) =>
        setEventContentIfNewer(
          db,
          sampleBookId,
          newer,
          { ...text, people: [] },
          { venue: 'Pustaka Hall', startsAt: sampleNow, endsAt: sampleNow, timezone: 'Asia/Jakarta', price: 50_000, currency: 'IDR' },
          sampleNow,
        ),
    },
    { name: 'withdrawIfNewer', run: (db) => withdrawIfNewer(db, sampleBookId, newer, sampleNow) },
    { name: 'setStockIfNewer', run: (db) => setStockIfNewer(db, sampleBookId, newer, 3, sampleNow) },
    { name: 'setStockIfNewer (a rebuilt page that knows no event)', run: (db) => setStockIfNewer(db, sampleBookId, null, 3, sampleNow) },
    { name: 'renameCategoryOfDocuments', run: (db) => renameCategoryOfDocuments(db, '00000000-0000-7000-8000-00000000c001', 'Sastra Nusantara', sampleNow) },
    { name: 'findVersions', run: (db) => findVersions(db, [sampleBookId, newBookId]) },
    {
      name: 'insertNewDocuments',
      run: (db) =>
        insertNewDocuments(db, [
          {
            id: newBookId,
            type: 'book',
            searchable: true,
            title: text.title,
            people: text.people,
            body: text.body,
            category_id: '00000000-0000-7000-8000-00000000c001',
            category_name: text.categoryName,
            publication_year: 2006,
            isbn: '9789793062808',
            price: 79_000,
            currency: 'IDR',
            stock: 3,
            venue: null,
            starts_at: null,
            ends_at: null,
            timezone: null,
            content_version: null,
            stock_version: newer,
            updated_at: sampleNow,
          },
        ]),
    },
    { name: 'addSuggestions', run: (db) => addSuggestions(db, [{ documentId: sampleBookId, kind: 'author', label: 'Andrea Hirata' }]) },
    { name: 'addToVocabulary', run: (db) => addToVocabulary(db, [text.title, ...text.people]) },
    { name: 'replaceSuggestions', run: (db) => replaceSuggestions(db, sampleBookId, [{ kind: 'title', label: text.title }]) },
  ],
});
