import type { DiscoveryContext } from '../discovery-context.ts';
import { markedText, markedTitle } from './snippets.ts';
import type { SnippetTerms } from './snippets.ts';
import { findSearchPage, findWordCandidates } from './search.repository.ts';
import type { FacetRow, SearchFilters, SearchHitRow } from './search.repository.ts';
import type { SearchHit, SearchQuery, SearchResult } from './search.schema.ts';
import { queryWords, tsqueryText, withinTypos } from './search-terms.ts';

/**
 * One ranked list of the books and events that match the query (see `findSearchPage`), with the
 * facets of all of them. Each word matches as typed, stemmed in English or Indonesian, or
 * corrected within its typo budget to a word the index knows; the last one also as a prefix. A
 * query with no word to search by is answered with no items and a notice saying why.
 */
export async function search(ctx: DiscoveryContext, query: SearchQuery): Promise<SearchResult> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const { words, ignored } = queryWords(query.q);
  if (words.length === 0) return nothingToSearch(ignored, page, pageSize);
  const candidates = await findWordCandidates(ctx.db, words);
  const terms = candidates
    .map(({ folded, candidates: near }) => ({ word: folded, corrections: near.filter((candidate) => withinTypos(folded, candidate)) }))
    .filter((term) => /[\p{L}\p{N}]/u.test(term.word));
  const searchQuery = {
    tsquery: tsqueryText(terms),
    wholeWordsTsquery: tsqueryText(terms, { lastAsPrefix: false }),
    text: terms.map((term) => term.word).join(' '),
    alternatives: terms.flatMap((term) => [term.word, ...term.corrections]).join(' '),
    filters: filtersOf(query),
    now: ctx.now(),
  };
  const { hits, facets: facetRows, stems } = await findSearchPage(ctx.db, searchQuery, { offset: (page - 1) * pageSize, limit: pageSize });
  const facets = facetsOf(facetRows);
  // What the tsquery matches, as `ts_headline` over the words as written would mark it.
  const marked: SnippetTerms = {
    lexemes: new Set([...terms.flatMap((term) => [term.word, ...term.corrections]), ...stems]),
    prefix: terms.at(-1)?.word ?? null,
  };
  const total = facets.type.reduce((sum, facet) => sum + facet.count, 0);
  return {
    items: hits.map((hit) => toHit(hit, marked)),
    total,
    page,
    pageSize,
    pages: Math.ceil(total / pageSize),
    query: { words: terms.map((term) => term.word), ignored },
    facets,
    notice: null,
  };
}

function nothingToSearch(ignored: string[], page: number, pageSize: number): SearchResult {
  const notice =
    ignored.length > 0
      ? {
          code: 'ONLY_STOP_WORDS' as const,
          message: `"${ignored.join(' ')}" holds only words too common to search by; add a word from a title, a name or a subject.`,
        }
      : { code: 'EMPTY_QUERY' as const, message: 'Type a word from a title, a name or a subject to search.' };
  return {
    items: [],
    total: 0,
    page,
    pageSize,
    pages: 0,
    query: { words: [], ignored },
    facets: { type: [], category: [], inStock: [] },
    notice,
  };
}

function filtersOf(query: SearchQuery): SearchFilters {
  return {
    type: query.type,
    categoryId: query.category,
    author: query.author,
    yearFrom: query.yearFrom,
    yearTo: query.yearTo,
    inStock: query.inStock,
  };
}

function facetsOf(rows: FacetRow[]): SearchResult['facets'] {
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    type: rows
      .filter((row) => row.facet === 'type')
      .map((row) => ({ value: row.value, count: row.count }))
      .sort(byCount),
    category: rows
      .filter((row) => row.facet === 'category')
      .map((row) => ({ value: row.value, name: row.label ?? '', count: row.count }))
      .sort((a, b) => byCount(a, b) || a.name.localeCompare(b.name)),
    inStock: rows
      .filter((row) => row.facet === 'inStock')
      .map((row) => ({ value: row.value === 'true', count: row.count }))
      .sort(byCount),
  };
}

function toHit(row: SearchHitRow, marked: SnippetTerms): SearchHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    authors: row.people,
    score: row.score,
    highlights: { title: markedTitle(row.title, marked), text: markedText(row.body, marked) },
    category: row.category_id !== null ? { id: row.category_id, name: row.category_name ?? '' } : null,
    publicationYear: row.publication_year,
    price: row.price,
    currency: row.currency?.trim() ?? null,
    inStock: row.type === 'book' ? (row.stock ?? 0) > 0 : null,
    venue: row.venue,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
  };
}
