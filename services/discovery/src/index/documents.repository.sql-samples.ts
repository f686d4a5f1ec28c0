import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId, sampleNow, seedDiscovery } from '../discovery.sql-fixtures.ts';
import {
  addToVocabulary,
  ensureDocument,
  replaceSuggestions,
  setBookContentIfNewer,
  setEventContentIfNewer,
  setStockIfNewer,
  withdrawIfNewer,
} from './documents.repository.ts';

const newer = '00000000-0000-7000-8000-0000000e0002';
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
    { name: 'addToVocabulary', run: (db) => addToVocabulary(db, [text.title, ...text.people]) },
    { name: 'replaceSuggestions', run: (db) => replaceSuggestions(db, sampleBookId, [{ kind: 'title', label: text.title }]) },
  ],
});
