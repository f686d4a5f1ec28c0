import { QUERY_KINDS } from './search-queries.ts';
import type { QueryKind, SearchCase } from './search-queries.ts';

/** A search engine as the bench asks it: where it answers and the path of a query (hits as `{ items: [{ id }] }`). */
export interface SearchEngine {
  name: string;
  base: string;
  path(q: string): string;
}

export interface Relevance {
  /** The share of all queries whose intended book is among the first five hits. */
  topFive: number;
  byKind: Record<QueryKind, number>;
  /** The queries it missed, for a look at why. */
  missed: SearchCase[];
}

/** Asks the engine every query once, one at a time, and counts those with the intended book in the top five. */
export async function measureRelevance(engine: SearchEngine, cases: SearchCase[]): Promise<Relevance> {
  const missed: SearchCase[] = [];
  const hits = new Map<QueryKind, { found: number; asked: number }>(QUERY_KINDS.map((kind) => [kind, { found: 0, asked: 0 }]));
  for (const query of cases) {
    const response = await fetch(engine.base + engine.path(query.q), { signal: AbortSignal.timeout(60_000) });
    if (response.status !== 200) throw new Error(`${engine.name}: ${query.q}: ${response.status} ${(await response.text()).slice(0, 200)}`);
    const { items } = (await response.json()) as { items: Array<{ id: string }> };
    const tally = hits.get(query.kind)!;
    tally.asked += 1;
    if (items.slice(0, 5).some((hit) => hit.id === query.bookId)) tally.found += 1;
    else missed.push(query);
  }
  const byKind = Object.fromEntries([...hits].map(([kind, { found, asked }]) => [kind, asked === 0 ? 0 : found / asked])) as Record<QueryKind, number>;
  return { topFive: (cases.length - missed.length) / cases.length, byKind, missed };
}
