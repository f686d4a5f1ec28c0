import damerauLevenshtein from 'damerau-levenshtein';
import { isStopWord } from './stop-words.ts';

/** A query cut into the words search looks for; `ignored` are the stop words left out. */
export interface QueryWords {
  words: string[];
  ignored: string[];
}

/** Most words a query is searched by; the rest of a long paste is ignored. */
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/**
 * The words of a query, lower-cased, accents folded (as far as Unicode decomposition goes; the
 * database folds the rest with `unaccent`), stop words left out.
 *
 * @example
 *   queryWords('Bumi dan Manusia'); // { words: ['bumi', 'manusia'], ignored: ['dan'] }
 */
export function queryWords(q: string | undefined): QueryWords {
  const all = (q ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  const words = all.filter((word) => !isStopWord(word));
  return { words: words.slice(0, MAX_WORDS), ignored: all.filter(isStopWord) };
}

/** The typos forgiven in a word, as a Meilisearch user expects: one from 5 letters, two from 9. */
export function typoBudget(word: string): number {
  const length = [...word].length;
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** True when `candidate` is `word` with at most its typo budget of edits (a swap of two letters is one). */
export function withinTypos(word: string, candidate: string): boolean {
  return damerauLevenshtein(word, candidate).steps <= typoBudget(word);
}

/**
 * The text of a `to_tsquery`: every word must match, as itself or as one of its corrections, and
 * the last as a prefix too, since it may still be being typed (unless `lastAsPrefix` is false:
 * the text for stemming, where half a word would stem to nonsense). Words hold only letters and
 * digits, so nothing a user types is read as query syntax.
 *
 * @example
 *   tsqueryText([{ word: 'lasker', corrections: ['laskar'] }, { word: 'pel', corrections: [] }]);
 *   // "(lasker | laskar) & (pel | pel:*)"
 *   tsqueryText([{ word: 'lasker', corrections: ['laskar'] }, { word: 'pel', corrections: [] }], { lastAsPrefix: false });
 *   // "(lasker | laskar) & (pel)"
 */
export function tsqueryText(terms: Array<{ word: string; corrections: string[] }>, options: { lastAsPrefix?: boolean } = {}): string {
  const lastAsPrefix = options.lastAsPrefix ?? true;
  return terms
    .map(({ word, corrections }, i) => {
      const alternatives = [word, ...corrections.filter((correction) => correction !== word)];
      if (lastAsPrefix && i === terms.length - 1) alternatives.push(`${word}:*`);
      return `(${alternatives.map(lettersAndDigits).join(' | ')})`;
    })
    .join(' & ');
}

function lettersAndDigits(term: string): string {
  const prefix = term.endsWith(':*');
  const bare = (prefix ? term.slice(0, -2) : term).replace(/[^\p{L}\p{N}]/gu, '');
  return prefix ? `${bare}:*` : bare;
}
