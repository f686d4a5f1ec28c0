import { sql } from '@pustaka/kit/db';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
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
  | 'ends_at';

/** A document as a search answer shows it: its columns, its score and its marked snippets. */
export interface SearchHitRow extends Pick<DocumentTable, HitColumns> {
  score: number;
  title_snippet: string;
  body_snippet: string;
}

export interface FacetRow {
  facet: 'type' | 'category' | 'inStock';
  value: string;
  label: string | null;
  count: number;
}

/** Marks around a match in snippets: control characters no indexed text holds (see `snippets.ts`). */
export const MATCH_START = '\u0002';
export const MATCH_STOP = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, HighlightAll=true`;

/** How many known words nearest to a query word (by trigram distance) are checked as its corrections. */
const CANDIDATES_PER_WORD = 20;

/**
 * Each query word folded as the index folds it, and for words of five letters or more that the
 * index does not know as they are, the known words nearest to it (a trigram index scan, nearest
 * first), for the caller to keep those within the word's typo budget. A word the index knows is
 * taken as meant: correcting it too would only match other words (and cost a scan per word).
 */
export async function findWordCandidates(db: DiscoveryDb, words: string[]): Promise<WordCandidates[]> {
  const rows = await db
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
    .orderBy('query.position')
    .execute();
  const byPosition = new Map<number, WordCandidates>();
  for (const row of rows) {
    const entry = byPosition.get(row.position) ?? { position: row.position, folded: row.folded, candidates: [] };
    if (row.word !== null) entry.candidates.push(row.word);
    byPosition.set(row.position, entry);
  }
  return [...byPosition.values()];
}

/**
 * The query word itself in the vocabulary, looked up through its primary key. Written as a range
 * of one because the trigram index also answers `=`, and the planner, costing both alike, takes it
 * at twenty times the price of the B-tree.
 */
function knownWord(eb: ExpressionBuilder<DiscoveryTables & { query: { folded: string } }, 'query'>) {
  return eb.selectFrom('vocabulary as known').select('known.word').whereRef('known.word', '>=', 'query.folded').whereRef('known.word', '<=', 'query.folded');
}

/**
 * One page of the documents matching the query, best first: full-text rank with weights (title,
 * authors, text, category) plus the trigram similarity of the query to the title, which lifts an
 * exact title above a corrected one. Snippets are `ts_headline`s with `MATCH_START`/`MATCH_STOP`.
 */
export async function findSearchHits(db: DiscoveryDb, query: SearchQuery, page: { offset: number; limit: number }): Promise<SearchHitRow[]> {
  const tsquery = tsqueryOf(query);
  return db
    .selectFrom('documents')
    .select([
      'id',
      'type',
      'title',
      'people',
      'category_id',
      'category_name',
      'publication_year',
      'price',
      'currency',
      'stock',
      'venue',
      'starts_at',
      'ends_at',
      scoreOf(query, tsquery).as('score'),
      sql<string>`ts_headline('discovery.folded_simple', title, ${tsquery}, ${TITLE_HEADLINE_OPTIONS})`.as('title_snippet'),
      sql<string>`ts_headline('discovery.folded_simple', body, ${tsquery}, ${HEADLINE_OPTIONS})`.as('body_snippet'),
    ])
    .where(matching(query, tsquery))
    .orderBy('score', 'desc')
    .orderBy('title')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** How many matching documents there are of each type, in each category, and in or out of stock. */
export async function countSearchFacets(db: DiscoveryDb, query: SearchQuery): Promise<FacetRow[]> {
  const tsquery = tsqueryOf(query);
  const matches = db.selectFrom('documents').select(['type', 'category_id', 'category_name', 'stock']).where(matching(query, tsquery));
  return db
    .with('matches', () => matches)
    .selectFrom('matches')
    .select([
      sql<FacetRow['facet']>`'type'`.as('facet'),
      sql<string>`type`.as('value'),
      sql<string | null>`null::text`.as('label'),
      sql<number>`count(*)::int`.as('count'),
    ])
    .groupBy('type')
    .unionAll((eb) =>
      eb
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
    .unionAll((eb) =>
      eb
        .selectFrom('matches')
        .select([
          sql<FacetRow['facet']>`'inStock'`.as('facet'),
          sql<string>`(stock > 0)::text`.as('value'),
          sql<string | null>`null::text`.as('label'),
          sql<number>`count(*)::int`.as('count'),
        ])
        .where('type', '=', 'book')
        .groupBy(sql`stock > 0`),
    )
    .execute();
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
      const pattern = `%${filters.author.replace(/[\\%_]/g, '\\$&')}%`;
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
