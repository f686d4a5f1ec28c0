import damerauLevenshtein from 'damerau-levenshtein';
import type { SeedBook, SeedCatalog } from '@pustaka/seed/generate';

/** What a query tests; each kind has the same number of queries. */
export const QUERY_KINDS = ['typo-1', 'typo-2', 'prefix', 'multi-word', 'author', 'title-id', 'title-en'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** A query and the book a person typing it is looking for. */
export interface SearchCase {
  kind: QueryKind;
  q: string;
  bookId: string;
}

/** Words too common to be the word a query turns on, in both languages (a few, not every stop word). */
const FUNCTION_WORDS = new Set(
  (
    'the of and a an in to for on with from about after before until what who how why where which while their there these those is book ' +
    'jilid dan di ke dari untuk yang tentang dalam dengan adalah karena telah sudah bahwa tetapi namun serta agar supaya ketika tersebut ' +
    'antara secara hingga sampai sang si para'
  ).split(' '),
);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// How many books a query's author may have written, at most: with more, their name alone does
// not say which book is meant.
const MAX_BOOKS_OF_AUTHOR = 5;

/**
 * A fixed set of queries derived from the seeded books, the same for the same seed, `perKind` of
 * each kind, each with its intended book (titles are unique in a seeded catalog):
 *
 * - `typo-1`: the title with one typo (a letter changed, dropped, added or two swapped; never the
 *   first letter, which people rarely miss) in a word of 5+ letters, 5+ letters as typed too;
 * - `typo-2`: the title with two typos in a word of 9+ letters (as typed too);
 * - `prefix`: the title with its last word cut half-way, as typed into a search box;
 * - `multi-word`: words of the title and the author's last name, as few words as say which book;
 * - `author`: the author's full name (more than one word), of an author with at most five books;
 * - `title-id`, `title-en`: an Indonesian, an English title as it is.
 *
 * A misspelt word is never a word of the catalog itself (it would not be a typo but another word).
 *
 * @example
 *   const cases = searchCases(seededCatalog({ seed: 42, books: 100_000 }), 42, 40);
 *   cases[0]; // { kind: 'typo-1', q: 'Senja di Tenrate', bookId: '…' }
 */
export function searchCases(catalog: SeedCatalog, seed: number, perKind: number): SearchCase[] {
  const random = mulberry32(seed ^ 0x5eed);
  const vocabulary = new Set(catalog.books.flatMap((book) => wordsOf(`${book.title} ${book.authors.join(' ')} ${book.synopsis}`)));
  // The title words of the books of each author's last name.
  const booksBySurname = new Map<string, Array<Set<string>>>();
  for (const book of catalog.books) {
    const titleWords = new Set(wordsOf(book.title));
    for (const surname of new Set(book.authors.map((author) => wordsOf(author.split(' ').at(-1)!).join(' ')))) {
      const books = booksBySurname.get(surname) ?? [];
      books.push(titleWords);
      booksBySurname.set(surname, books);
    }
  }
  const booksByAuthor = new Map<string, number>();
  for (const book of catalog.books) for (const author of book.authors) booksByAuthor.set(author, (booksByAuthor.get(author) ?? 0) + 1);

  const makers: Record<QueryKind, (book: SeedBook) => string | undefined> = {
    'typo-1': (book) => misspelt(book.title, 5, 1, random, vocabulary),
    'typo-2': (book) => misspelt(book.title, 9, 2, random, vocabulary),
    prefix: (book) => {
      const match = /^(.*?)(\p{L}+)$/u.exec(book.title);
      if (!match || match[2]!.length < 5) return undefined;
      return match[1]! + match[2]!.slice(0, Math.max(3, Math.ceil(match[2]!.length / 2)));
    },
    'multi-word': (book) => {
      const names = book.authors[0]!.split(' ');
      if (names.length < 2) return undefined;
      const surname = wordsOf(names.at(-1)!).join(' ');
      // Title words in a random order until no other book has them all and an author of that name.
      const words = contentWords(book.title).sort(() => random() - 0.5);
      for (let count = 1; count <= words.length; count++) {
        const chosen = words.slice(0, count);
        const matching = booksBySurname.get(surname)!.filter((titleWords) => chosen.every((word) => titleWords.has(word)));
        if (matching.length === 1) return `${chosen.join(' ')} ${names.at(-1)}`;
      }
      return undefined;
    },
    author: (book) => {
      const [author, ...others] = book.authors;
      // A name of one word is also a first name in other authors' names and in synopses: it says no one.
      return others.length === 0 && author!.includes(' ') && booksByAuthor.get(author!)! <= MAX_BOOKS_OF_AUTHOR ? author : undefined;
    },
    'title-id': (book) => (book.language === 'id' ? book.title : undefined),
    'title-en': (book) => (book.language === 'en' ? book.title : undefined),
  };

  const cases: SearchCase[] = [];
  for (const kind of QUERY_KINDS) {
    const used = new Set<number>();
    let found = 0;
    for (let attempt = 0; found < perKind && attempt < perKind * 500; attempt++) {
      const index = Math.floor(random() * catalog.books.length);
      if (used.has(index)) continue;
      const book = catalog.books[index]!;
      const q = makers[kind](book);
      if (q === undefined) continue;
      used.add(index);
      cases.push({ kind, q, bookId: book.id });
      found += 1;
    }
    if (found < perKind) throw new Error(`only ${found} ${kind} queries could be made from the catalog`);
  }
  return cases;
}

/**
 * The typos an engine should forgive in a query, by its longest word: one from 5 letters, two
 * from 9 (Meilisearch's rule, which discovery follows), for engines that take one tolerance per query.
 *
 * @example
 *   typoToleranceOf('Senja di Tenrate'); // 1
 */
export function typoToleranceOf(q: string): number {
  const longest = Math.max(0, ...wordsOf(q).map((word) => [...word].length));
  return longest >= 9 ? 2 : longest >= 5 ? 1 : 0;
}

/** `text` with `typos` typos in one of its words of `minLength` letters or more, or undefined when it has none. */
function misspelt(text: string, minLength: number, typos: number, random: () => number, vocabulary: Set<string>): string | undefined {
  const candidates = [...text.matchAll(/\p{L}+/gu)].filter((match) => [...match[0]].length >= minLength && !FUNCTION_WORDS.has(match[0].toLowerCase()));
  if (candidates.length === 0) return undefined;
  const target = candidates[Math.floor(random() * candidates.length)]!;
  const word = target[0];
  for (let attempt = 0; attempt < 20; attempt++) {
    let typo = word;
    // Typos at least two letters apart, so two of them never cancel or merge into one edit.
    const first = 1 + Math.floor(random() * (word.length - 1));
    const positions = typos === 1 ? [first] : [first, 1 + ((first - 1 + 2 + Math.floor(random() * (word.length - 4))) % (word.length - 1))];
    for (const position of positions.sort((a, b) => b - a)) typo = withTypoAt(typo, position, random);
    const folded = typo.toLowerCase();
    // The typos forgiven depend on the length of the word as typed (see typoToleranceOf).
    if ([...typo].length < minLength || damerauLevenshtein(word.toLowerCase(), folded).steps !== typos || vocabulary.has(folded)) continue;
    return text.slice(0, target.index) + typo + text.slice(target.index + word.length);
  }
  return undefined;
}

function withTypoAt(word: string, position: number, random: () => number): string {
  const letter = () => LETTERS[Math.floor(random() * LETTERS.length)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, position) + letter() + word.slice(position + 1);
    case 1:
      return position + 1 < word.length ? word.slice(0, position) + word[position + 1] + word[position] + word.slice(position + 2) : word.slice(0, position);
    case 2:
      return word.slice(0, position) + word.slice(position + 1);
    default:
      return word.slice(0, position) + letter() + word.slice(position);
  }
}

function contentWords(text: string): string[] {
  return wordsOf(text).filter((word) => word.length >= 4 && !FUNCTION_WORDS.has(word) && !/^\d+$/.test(word));
}

/** Lower-cased words, accents folded, as every engine here reads them. */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** A small seeded generator of floats in [0, 1), for picking the queries (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
