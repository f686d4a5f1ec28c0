import type { AffinityGroup, SeedBook } from './seed-catalog.ts';
import type { RandomStream } from './random.ts';
import { zipfWeights } from './random.ts';

/** Reading lists per book of the shop: with the series, about one book in ten is in a group. */
const READING_LISTS_PER_BOOK = 0.025;
/** A reading list's other books come from another shelf with this chance. */
const OTHER_SHELF_CHANCE = 0.2;

/**
 * The series as they were written, and reading lists of 2 to 4 books drawn from the catalog,
 * each group weighted with a skew (some lists are everyone's, most are a few people's).
 *
 * @example
 *   planAffinityGroups(random, books, [[10, 11, 12]]); // [{ kind: 'series', bookIndexes: [10, 11, 12], weight }, ...reading lists]
 */
export function planAffinityGroups(random: RandomStream, books: SeedBook[], series: number[][]): AffinityGroup[] {
  if (books.length < 2) return [];
  const byShelf = new Map<number, number[]>();
  for (const book of books) {
    const list = byShelf.get(book.categoryIndex) ?? [];
    list.push(book.index);
    byShelf.set(book.categoryIndex, list);
  }
  const groups: Array<Omit<AffinityGroup, 'weight'>> = series.map((bookIndexes) => ({ kind: 'series', bookIndexes }));
  const lists = Math.max(1, Math.round(books.length * READING_LISTS_PER_BOOK));
  for (let n = 0; n < lists; n++) {
    const anchor = books[random.int(0, books.length - 1)]!;
    const shelf = byShelf.get(anchor.categoryIndex)!;
    const size = random.int(2, 4);
    const members = new Set([anchor.index]);
    for (let attempt = 0; members.size < size && attempt < size * 4; attempt++) {
      members.add(random.chance(OTHER_SHELF_CHANCE) || shelf.length < 2 ? random.int(0, books.length - 1) : random.pick(shelf));
    }
    if (members.size > 1) groups.push({ kind: 'reading-list', bookIndexes: [...members].sort((a, b) => a - b) });
  }
  const weights = zipfWeights(random, groups.length, 0.9, 5);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return groups.map((group, i) => ({ ...group, weight: weights[i]! / total }));
}
