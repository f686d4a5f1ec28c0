import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, newId, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { migrations } from '../migrations/index.ts';
import type { DiscoveryTables } from '../src/discovery.tables.ts';
import { addToVocabulary, ensureDocument, replaceSuggestions, setBookContentIfNewer } from '../src/index/documents.repository.ts';
import { findSearchPage, findWordCandidates } from '../src/search/search.repository.ts';
import { findSuggestionsByPrefix, findSuggestionsBySimilarity } from '../src/search/suggest.repository.ts';
import { plansOf } from './query-plans.ts';

const DOCUMENTS = 3_000;
const SYLLABLES = ['ka', 'la', 'ma', 'ru', 'pe', 'si', 'to', 'bu', 'ngi', 'dar', 'wan', 'sa', 'ri', 'nu', 'ta'];

/** Discovery's schema over the storage, holding a few thousand made-up books, analysed. */
async function startIndexOfThousands(storage: TestStorage) {
  await migrateToLatest(storage.database, 'discovery', migrations);
  const db = serviceDb<DiscoveryTables>(storage.database, 'discovery');
  let state = 7;
  const next = (n: number) => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31), state % n);
  const word = () => Array.from({ length: 2 + next(3) }, () => SYLLABLES[next(SYLLABLES.length)]).join('');
  const at = new Date();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < DOCUMENTS; i++) {
      const id = newId();
      const text = {
        title: `${word()} ${word()} ${word()}`,
        people: [`${word()} ${word()}`],
        body: Array.from({ length: 12 }, word).join(' '),
        categoryName: 'Fiction',
      };
      const fields = {
        categoryId: '00000000-0000-7000-8000-00000000c001',
        publicationYear: 1900 + next(120),
        isbn: '9780000000000',
        price: 1000,
        currency: 'IDR',
      };
      await ensureDocument(trx, id, 'book', at);
      await setBookContentIfNewer(trx, id, newId(), text, fields, at);
      await addToVocabulary(trx, [text.title, ...text.people]);
      await replaceSuggestions(trx, id, [
        { kind: 'title', label: text.title },
        { kind: 'author', label: text.people[0]! },
      ]);
    }
  });
  await sql`analyze`.execute(storage.database.root);
  return { db };
}

describeService('the search queries use their indexes on a few thousand documents', startIndexOfThousands, (sut) => {
  let plans: (run: (db: Kysely<DiscoveryTables>) => Promise<unknown>) => Promise<string>;

  beforeAll(() => {
    plans = (run) => plansOf(sut.db, run);
  });

  const query = {
    tsquery: '(kalama | kalamaru) & (bu | bu:*)',
    wholeWordsTsquery: '(kalama | kalamaru) & (bu)',
    text: 'kalama bu',
    alternatives: 'kalama kalamaru bu',
    filters: {},
    now: new Date(),
  };

  it('finds matches through the full-text index', async () => {
    expect(await plans((db) => findSearchPage(db, query, { offset: 0, limit: 20 }))).toContain('documents_search_vector_idx');
  });

  it('looks up typo candidates through the trigram index, nearest first', async () => {
    expect(await plans((db) => findWordCandidates(db, ['kalamaru']))).toContain('vocabulary_word_trgm_idx');
  });

  it('takes a word the index knows as meant, looked up by its key, and corrects only the others', async () => {
    const [{ word: known }] = await sut.db
      .selectFrom('vocabulary')
      .select('word')
      .where(sql<boolean>`char_length(word) >= 7`)
      .orderBy('word')
      .limit(1)
      .execute();
    const misspelt = `${known!.slice(0, 3)}${known!.slice(4)}`;
    const [asKnown, asMisspelt] = await findWordCandidates(sut.db, [known!, misspelt]);
    expect(asKnown).toEqual({ position: 1, folded: known, candidates: [] });
    expect(asMisspelt!.candidates).toContain(known);
    expect(await plans((db) => findWordCandidates(db, [known!]))).toContain('vocabulary_pkey');
  });

  it('answers type-ahead through the prefix index and the trigram index', async () => {
    expect(await plans((db) => findSuggestionsByPrefix(db, 'ka', 8))).toContain('suggestions_folded_prefix_idx');
    expect(await plans((db) => findSuggestionsBySimilarity(db, 'kalam', 8))).toContain('suggestions_folded_trgm_idx');
  });
});
