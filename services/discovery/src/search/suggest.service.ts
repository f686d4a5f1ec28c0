import type { DiscoveryContext } from '../discovery-context.ts';
import { findSuggestionsByPrefix, findSuggestionsBySimilarity } from './suggest.repository.ts';
import type { SuggestQuery, SuggestResult } from './search.schema.ts';

/** Below this many letters only a prefix can be looked up by index (trigrams need three). */
const TRIGRAM_LENGTH = 3;

/**
 * Titles and author names for type-ahead: those starting with what was typed, then (from three
 * letters on) those holding a word close to it. Each is one index lookup, at most
 * `DISCOVERY_SUGGEST_LIMIT` rows.
 */
export async function suggest(ctx: DiscoveryContext, query: SuggestQuery): Promise<SuggestResult> {
  const folded = query.q.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (folded === '') return { suggestions: [] };
  const limit = ctx.settings.DISCOVERY_SUGGEST_LIMIT;
  const rows =
    [...folded].length < TRIGRAM_LENGTH ? await findSuggestionsByPrefix(ctx.db, folded, limit) : await findSuggestionsBySimilarity(ctx.db, folded, limit);
  return { suggestions: rows.map((row) => ({ text: row.label, kind: row.kind, documents: row.documents })) };
}
