const MATCH_START = '\u0002';
const MATCH_STOP = '\u0003';
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Longest fragment of a text, in words; a text with no match shows its first `MIN_WORDS`. */
const MAX_WORDS = 24;
const MIN_WORDS = 12;
const MAX_FRAGMENTS = 2;
const FRAGMENT_DELIMITER = ' … ';

/** Letters Unicode decomposition leaves whole but `unaccent` folds (the index's folding). */
const FOLDED_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't' };

/**
 * What a snippet marks: a word whose folded form is one of `lexemes` (the query's words, their
 * corrections and their English and Indonesian stems, the lexemes of the search's tsquery) or,
 * for `prefix`, starts with it: what `ts_headline` with `folded_simple` marked.
 */
export interface SnippetTerms {
  lexemes: ReadonlySet<string>;
  prefix: string | null;
}

/**
 * The title as the API gives it: HTML-escaped, each matching word wrapped in `<mark>…</mark>`.
 * Built in the process for the page's hits only (the database's `ts_headline` cost more than the
 * rest of a search).
 *
 * @example
 *   markedTitle('The Hitchhiker\'s Guide', { lexemes: new Set(['hitchhiker']), prefix: null });
 *   // 'The <mark>Hitchhiker</mark>&#39;s Guide'
 */
export function markedTitle(title: string, terms: SnippetTerms): string {
  const words = wordsOf(title);
  return markedSnippet(markedRange(title, words, 0, words.length, terms, true));
}

/**
 * A synopsis or description as the API gives it: at most two fragments of up to 24 words around
 * its matching words, joined by ` … ` (the whole text when it is that short), or its first 12
 * words when nothing in it matches; HTML-escaped, each match wrapped in `<mark>…</mark>`.
 */
export function markedText(text: string, terms: SnippetTerms): string {
  const words = wordsOf(text);
  const matches = words.flatMap((word, i) => (matchesTerms(word.folded, terms) ? [i] : []));
  if (matches.length === 0) return markedSnippet(markedRange(text, words, 0, Math.min(words.length, MIN_WORDS), terms, false));
  if (words.length <= MAX_WORDS) return markedSnippet(markedRange(text, words, 0, words.length, terms, true));
  const fragments: Array<[number, number]> = [];
  for (const match of matches) {
    if (fragments.length === MAX_FRAGMENTS) break;
    if (fragments.some(([from, to]) => match >= from && match < to)) continue;
    const from = Math.max(0, Math.min(match - Math.floor(MAX_WORDS / 2), words.length - MAX_WORDS));
    const previous = fragments.at(-1);
    fragments.push([previous ? Math.max(from, previous[1]) : from, Math.min(words.length, from + MAX_WORDS)]);
  }
  return markedSnippet(fragments.map(([from, to]) => markedRange(text, words, from, to, terms, true)).join(FRAGMENT_DELIMITER));
}

/**
 * A snippet as the API gives it: the text HTML-escaped, each match (between `\u0002` and
 * `\u0003`, control characters no indexed text holds) wrapped in `<mark>…</mark>`, so a client can
 * render it as HTML without trusting what staff typed into a synopsis.
 *
 * @example
 *   markedSnippet('Minke & \u0002Annelies\u0003'); // 'Minke &amp; <mark>Annelies</mark>'
 */
export function markedSnippet(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)
    .replaceAll(MATCH_START, '<mark>')
    .replaceAll(MATCH_STOP, '</mark>');
}

interface Word {
  start: number;
  end: number;
  folded: string;
}

/** The words of a text (runs of letters and digits), where they are and how the index folds them. */
function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, folded: folded(match[0]) }));
}

function folded(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħŧ]/g, (letter) => FOLDED_LETTERS[letter]!);
}

function matchesTerms(word: string, terms: SnippetTerms): boolean {
  return terms.lexemes.has(word) || (terms.prefix !== null && word.startsWith(terms.prefix));
}

/**
 * The text from word `from` to word `to` (exclusive) with its matches between the marks; `whole`
 * keeps what comes before the first and after the last word when the range reaches the text's ends.
 */
function markedRange(text: string, words: Word[], from: number, to: number, terms: SnippetTerms, whole: boolean): string {
  if (from >= to) return whole ? text : '';
  const start = whole && from === 0 ? 0 : words[from]!.start;
  const end = whole && to === words.length ? text.length : words[to - 1]!.end;
  let marked = '';
  let at = start;
  for (const word of words.slice(from, to)) {
    if (!matchesTerms(word.folded, terms)) continue;
    marked += `${text.slice(at, word.start)}${MATCH_START}${text.slice(word.start, word.end)}${MATCH_STOP}`;
    at = word.end;
  }
  return marked + text.slice(at, end);
}
