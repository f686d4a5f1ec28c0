import { sql } from '@pustaka/kit/db';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { templated } from './statement-templates.ts';
import type { DiscoveryDb, DiscoveryTables, DocumentTable, DocumentType } from '../discovery.tables.ts';

/** A query word as the database folds it, and the known words nearest to it by trigrams. */
export interface WordCandidates {
  position: number;
  folded: string;
  candidates: string[];
}

/** What a search is narrowed by; every filter but `type` narrows it to books. */
export interface SearchFilters {
  type?: DocumentType | undefined;
  categoryId?: string | undefined;
  author?: string | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  inStock?: boolean | undefined;
}

export interface SearchQuery {
  /** The text of a `to_tsquery` (see `tsqueryText`), the last word also a prefix: matched against the words as written. */
  tsquery: string;
  /** The same with every word whole: matched against English and Indonesian stems (half a word stems to nonsense). */
  wholeWordsTsquery: string;
  /** The query's words joined, for trigram similarity to titles. */
  text: string;
  /** Every whole word and correction, joined: their English and Indonesian stems are what snippets mark beside them. */
  alternatives: string;
  filters: SearchFilters;
  /** Events that ended before this are left out. */
  now: Date;
}

type HitColumns =
  | 'id'
  | 'type'
  | 'title'
  | 'people'
  | 'category_id'
  | 'category_name'
  | 'publication_year'
  | 'price'
  | 'currency'
  | 'stock'
  | 'venue'
  | 'starts_at'
  | 'ends_at'
  | 'body';

/** A document as a search answer shows it: its columns and its score. */
export interface SearchHitRow extends Pick<DocumentTable, HitColumns> {
  score: number;
}

export interface FacetRow {
  facet: 'type' | 'category' | 'inStock';
  value: string;
  label: string | null;
  count: number;
}

/** How many known words nearest to a query word (by trigram distance) are checked as its corrections. */
const CANDIDATES_PER_WORD = 20;

/**
 * Each query word folded as the index folds it, and for words of five letters or more that the
 * index does not know as they are, the known words nearest to it (a trigram index scan, nearest
 * first), for the caller to keep those within the word's typo budget. A word the index knows is
 * taken as meant: correcting it too would only match other words (and cost a scan per word).
 */
export async function findWordCandidates(db: DiscoveryDb, words: string[]): Promise<WordCandidates[]> {
  const rows = await wordCandidatesStatement(db, {}, { words });
  const byPosition = new Map<number, WordCandidates>();
  for (const row of rows) {
    const entry = byPosition.get(row.position) ?? { position: row.position, folded: row.folded, candidates: [] };
    if (row.word !== null) entry.candidates.push(row.word);
    byPosition.set(row.position, entry);
  }
  return [...byPosition.values()];
}

const wordCandidatesStatement = templated((db: DiscoveryDb, _fixed: object, { words }: { words: string[] }) =>
  db
    .selectFrom(
      sql<{
        position: number;
        folded: string;
      }>`(select position::int, lower(public.unaccent(word)) as folded from unnest(${sql.val(words)}::text[]) with ordinality as query (word, position))`.as(
        'query',
      ),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('vocabulary')
          .select('vocabulary.word')
          .where(sql<boolean>`char_length(query.folded) >= 5`)
          .where((inner) => inner.not(inner.exists(knownWord(inner))))
          .orderBy(sql`vocabulary.word <-> query.folded`)
          .limit(CANDIDATES_PER_WORD)
          .as('near'),
      (join) => join.onTrue(),
    )
    .select(['query.position', 'query.folded', 'near.word'])
    .orderBy('query.position'),
);

/**
 * The query word itself in the vocabulary, looked up through its primary key. Written as a range
 * of one because the trigram index also answers `=`, and the planner, costing both alike, takes it
 * at twenty times the price of the B-tree.
 */
function knownWord(eb: ExpressionBuilder<DiscoveryTables & { query: { folded: string } }, 'query'>) {
  return eb.selectFrom('vocabulary as known').select('known.word').whereRef('known.word', '>=', 'query.folded').whereRef('known.word', '<=', 'query.folded');
}

/** One page of hits, best first, the facets of every match, and the stems the tsquery holds: what one search reads. */
export interface SearchPageRows {
  hits: SearchHitRow[];
  facets: FacetRow[];
  /** The English and Indonesian stems of `alternatives` (the lexemes of the stemmed halves of the tsquery). */
  stems: string[];
}

/** A hit as `json_agg` gives it: timestamps as text, and its place in the ranking. */
type HitJson = Omit<SearchHitRow, 'starts_at' | 'ends_at'> & { starts_at: string | null; ends_at: string | null; place: number };

/**
 * One page of the documents matching the query, best first, and how many matching documents there
 * are of each type, in each category, and in or out of stock, in one statement: the matches are
 * found once (one pass over the full-text index) and scored, the page is taken from them, and the
 * facets are counted from the same rows. Rank: full-text rank with weights (title, authors, text,
 * category) plus the trigram similarity of the query to the title, which lifts an exact title
 * above a corrected one. Only the page's rows are read whole; their snippets are marked by the
 * caller (`snippets.ts`) with the words, corrections and the stems this returns: `ts_headline`
 * cost more than all the rest.
 */
export async function findSearchPage(db: DiscoveryDb, query: SearchQuery, page: { offset: number; limit: number }): Promise<SearchPageRows> {
  const { filters } = query;
  const [row] = await searchPageStatement(
    db,
    { inStock: filters.inStock },
    {
      tsquery: query.tsquery,
      wholeWordsTsquery: query.wholeWordsTsquery,
      text: query.text,
      alternatives: query.alternatives,
      now: query.now,
      type: filters.type,
      categoryId: filters.categoryId,
      authorPattern: filters.author === undefined ? undefined : `%${filters.author.replace(/[\\%_]/g, '\\$&')}%`,
      yearFrom: filters.yearFrom,
      yearTo: filters.yearTo,
      offset: page.offset,
      limit: page.limit,
    },
  );
  const hits = (row!.hits as HitJson[])
    .sort((a, b) => a.place - b.place)
    .map(({ place: _place, starts_at, ends_at, ...hit }) => ({ ...hit, starts_at: dateOrNull(starts_at), ends_at: dateOrNull(ends_at) }));
  return { hits, facets: row!.facets as FacetRow[], stems: row!.stems };
}

/** What the page's statement is sent with; the author as a `like` pattern. */
interface PageInputs extends Omit<SearchQuery, 'filters'> {
  type: DocumentType | undefined;
  categoryId: string | undefined;
  authorPattern: string | undefined;
  yearFrom: number | undefined;
  yearTo: number | undefined;
  offset: number;
  limit: number;
}

const searchPageStatement = templated((db: DiscoveryDb, fixed: { inStock: boolean | undefined }, inputs: PageInputs) => {
  const { type, categoryId, authorPattern, yearFrom, yearTo, offset, limit, ...texts } = inputs;
  const query = { ...texts, filters: { type, categoryId, author: authorPattern, yearFrom, yearTo, inStock: fixed.inStock } };
  const tsquery = tsqueryOf(query);
  const page = { offset, limit };
  return db
    .with('matches', (qb) =>
      qb
        .selectFrom('documents')
        .select(['id', 'type', 'title', 'category_id', 'category_name', 'stock', scoreOf(query, tsquery).as('score')])
        .where(matching(query, tsquery)),
    )
    .with('page', (qb) =>
      qb
        .selectFrom('matches')
        .select(['id', 'score', sql<number>`row_number() over (order by score desc, title, id)::int`.as('place')])
        .orderBy('score', 'desc')
        .orderBy('title')
        .orderBy('id')
        .offset(page.offset)
        .limit(page.limit),
    )
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('page')
          .innerJoin('documents', 'documents.id', 'page.id')
          .select([
            'documents.id',
            'documents.type',
            'documents.title',
            'documents.people',
            'documents.category_id',
            'documents.category_name',
            'documents.publication_year',
            'documents.price',
            'documents.currency',
            'documents.stock',
            'documents.venue',
            'documents.starts_at',
            'documents.ends_at',
            'documents.body',
            'page.score',
            'page.place',
          ]),
      ).as('hits'),
      jsonArrayFrom(
        eb
          .selectFrom('matches')
          .select([
            sql<FacetRow['facet']>`'type'`.as('facet'),
            sql<string>`type`.as('value'),
            sql<string | null>`null::text`.as('label'),
            sql<number>`count(*)::int`.as('count'),
          ])
          .groupBy('type')
          .unionAll((inner) =>
            inner
              .selectFrom('matches')
              .select([
                sql<FacetRow['facet']>`'category'`.as('facet'),
                sql<string>`category_id::text`.as('value'),
                sql<string | null>`max(category_name)`.as('label'),
                sql<number>`count(*)::int`.as('count'),
              ])
              .where('category_id', 'is not', null)
              .groupBy('category_id'),
          )
          .unionAll((inner) =>
            inner
              .selectFrom('matches')
              .select([
                sql<FacetRow['facet']>`'inStock'`.as('facet'),
                sql<string>`(stock > 0)::text`.as('value'),
                sql<string | null>`null::text`.as('label'),
                sql<number>`count(*)::int`.as('count'),
              ])
              .where('type', '=', 'book')
              .groupBy(sql`stock > 0`),
          ),
      ).as('facets'),
      sql<
        string[]
      >`tsvector_to_array(to_tsvector('discovery.folded_english', ${query.alternatives}) || to_tsvector('discovery.folded_indonesian', ${query.alternatives}))`.as(
        'stems',
      ),
    ]);
});

function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

/**
 * Both languages' stems of the whole words and the unstemmed words with the last as a prefix,
 * accents folded: a document matches any of them.
 */
function tsqueryOf(query: Pick<SearchQuery, 'tsquery' | 'wholeWordsTsquery'>) {
  const whole = query.wholeWordsTsquery;
  return sql<string>`(to_tsquery('discovery.folded_english', ${whole}) || to_tsquery('discovery.folded_indonesian', ${whole}) || to_tsquery('discovery.folded_simple', ${query.tsquery}))`;
}

function scoreOf(query: SearchQuery, tsquery: ReturnType<typeof tsqueryOf>) {
  return sql<number>`(ts_rank('{0.1, 0.2, 0.4, 1.0}', search_vector, ${tsquery}, 1) + 0.5 * public.word_similarity(${query.text}, lower(public.unaccent(title))))::float8`;
}

function matching(query: SearchQuery, tsquery: ReturnType<typeof tsqueryOf>) {
  return (eb: ExpressionBuilder<DiscoveryTables, 'documents'>) => {
    const { filters } = query;
    const conditions: Expression<SqlBool>[] = [
      // Written as the partial index's predicate is (not as a parameter), so the planner uses it.
      sql<SqlBool>`searchable`,
      sql<SqlBool>`search_vector @@ ${tsquery}`,
      eb.or([eb('type', '=', 'book'), eb('ends_at', '>=', query.now)]),
    ];
    if (filters.type !== undefined) conditions.push(eb('type', '=', filters.type));
    if (filters.categoryId !== undefined) conditions.push(eb('category_id', '=', filters.categoryId));
    if (filters.author !== undefined) {
      // `filters.author` is a `like` pattern here (see `findSearchPage`).
      const pattern = filters.author;
      conditions.push(
        sql<SqlBool>`exists (select 1 from unnest(people) as author (name) where lower(public.unaccent(author.name)) like lower(public.unaccent(${pattern})))`,
      );
    }
    if (filters.yearFrom !== undefined) conditions.push(eb('publication_year', '>=', filters.yearFrom));
    if (filters.yearTo !== undefined) conditions.push(eb('publication_year', '<=', filters.yearTo));
    if (filters.inStock !== undefined) conditions.push(eb('stock', filters.inStock ? '>' : '=', 0));
    return eb.and(conditions);
  };
}
