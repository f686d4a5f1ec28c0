import type { SeedCatalog, SeedOrder } from '@pustaka/seed/generate';

/** A held-out order seen from one of its books: the others are what a good recommendation shows. */
export interface HeldOutCase {
  bookId: string;
  categoryId: string;
  boughtWith: Set<string>;
}

export interface HitRates {
  cases: number;
  /** Share of cases with one of the order's other books among the first ten of "bought together". */
  boughtTogether: number;
  /** The same with the shop's ten best sellers (the book itself left out). */
  popular: number;
  /** The same with the ten best sellers of the book's category (the book itself left out). */
  popularInCategory: number;
}

const TOP = 10;

/**
 * The held-out orders as cases: each order not cancelled with two books or more, seen from its
 * first book (the one a member would have been looking at).
 */
export function heldOutCases(catalog: SeedCatalog, heldOut: SeedOrder[]): HeldOutCase[] {
  return heldOut
    .filter((order) => order.status !== 'cancelled')
    .map((order) => ({ order, books: [...new Set(order.items.map((item) => item.bookId))] }))
    .filter(({ books }) => books.length >= 2)
    .map(({ order, books }) => ({
      bookId: books[0]!,
      categoryId: catalog.books[order.items[0]!.bookIndex]!.categoryId,
      boughtWith: new Set(books.slice(1)),
    }));
}

type Json = Record<string, any>;

async function idsAt(base: string, path: string): Promise<string[]> {
  const response = await fetch(base + path, { signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return ((await response.json()) as Json).items.map((item: { id: string }) => item.id);
}

/**
 * Hit rate at ten of a book's recommendations (`GET /api/books/:id/recommendations`) on the held-out
 * cases, beside the popularity baselines the same read model answers (`/api/recommendations/popular`,
 * all time, sold-out books included as an order may have bought them before they ran out).
 */
export async function measureHitRates(base: string, cases: HeldOutCase[]): Promise<HitRates> {
  const popular = await idsAt(base, `/api/recommendations/popular?limit=${TOP + 1}&includeOutOfStock=true`);
  const byCategory = new Map<string, string[]>();
  const tally = { boughtTogether: 0, popular: 0, popularInCategory: 0 };
  const hit = (ids: string[], item: HeldOutCase) =>
    ids
      .filter((id) => id !== item.bookId)
      .slice(0, TOP)
      .some((id) => item.boughtWith.has(id));
  for (const item of cases) {
    if (!byCategory.has(item.categoryId)) {
      byCategory.set(item.categoryId, await idsAt(base, `/api/recommendations/popular?category=${item.categoryId}&limit=${TOP + 1}&includeOutOfStock=true`));
    }
    if (hit(await idsAt(base, `/api/books/${item.bookId}/recommendations?limit=${TOP}`), item)) tally.boughtTogether += 1;
    if (hit(popular, item)) tally.popular += 1;
    if (hit(byCategory.get(item.categoryId)!, item)) tally.popularInCategory += 1;
  }
  const share = (count: number) => (cases.length === 0 ? 0 : count / cases.length);
  return {
    cases: cases.length,
    boughtTogether: share(tally.boughtTogether),
    popular: share(tally.popular),
    popularInCategory: share(tally.popularInCategory),
  };
}
