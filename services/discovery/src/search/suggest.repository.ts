import { sql } from '@pustaka/kit/db';
import type { DiscoveryDb } from '../discovery.tables.ts';

export interface SuggestionRow {
  label: string;
  kind: 'title' | 'author';
  documents: number;
}

/**
 * Titles and author names that start with `folded` (already lower-cased and accent-folded): the
 * prefix index alone, cheap for the first letters of every keystroke.
 */
export async function findSuggestionsByPrefix(db: DiscoveryDb, folded: string, limit: number): Promise<SuggestionRow[]> {
  return db
    .selectFrom('suggestions')
    .select(['label', 'kind', sql<number>`count(*)::int`.as('documents')])
    .where('folded', 'like', `${escapeLike(folded)}%`)
    .groupBy(['label', 'kind'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('label')
    .limit(limit)
    .execute();
}

/**
 * Titles and author names that start with `folded` or hold a word close to it (trigram word
 * similarity, so "pelangi" finds "Laskar Pelangi" and "pramudya" "Pramoedya"): those starting
 * with it first, then the most similar. The prefix and trigram indexes each answer one half.
 */
export async function findSuggestionsBySimilarity(db: DiscoveryDb, folded: string, limit: number): Promise<SuggestionRow[]> {
  return db
    .selectFrom('suggestions')
    .select(['label', 'kind', sql<number>`count(*)::int`.as('documents')])
    .where((eb) => eb.or([eb('folded', 'like', `${escapeLike(folded)}%`), sql<boolean>`folded %> ${folded}`]))
    .groupBy(['label', 'kind'])
    .orderBy(sql`bool_or(folded like ${`${escapeLike(folded)}%`})`, 'desc')
    .orderBy(sql`max(public.word_similarity(${folded}, folded))`, 'desc')
    .orderBy('label')
    .limit(limit)
    .execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
