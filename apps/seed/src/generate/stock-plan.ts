import type { AffinityGroup, SeedBook } from './seed-catalog.ts';
import { ORDER_MIX, meanOf, orderShareBefore } from './order-mix.ts';
import type { RandomStream } from './random.ts';
import type { ShopWindow } from './shop-window.ts';

/** Books the shop never had in stock (out of print, awaiting delivery). */
const NEVER_STOCKED_SHARE = 0.03;

/**
 * The units of each book the orders are expected to sell, from the mix of ORDER_MIX: its share of
 * popularity, its groups' draws, and the share of the orders placed once it was on the shelf.
 */
export function estimateDemand(books: SeedBook[], popularity: Float64Array, groups: AffinityGroup[], orders: number, window: ShopWindow): Float64Array {
  const live = orders * (1 - ORDER_MIX.cancelledShare) * meanOf(ORDER_MIX.quantityWeights);
  const otherLines = (1 - ORDER_MIX.groupShare) * meanOf(ORDER_MIX.lineWeights) + ORDER_MIX.groupShare * ORDER_MIX.groupExtraLine;
  const totalPopularity = popularity.reduce((sum, weight) => sum + weight, 0);
  const demand = new Float64Array(books.length);
  for (const book of books) demand[book.index] = (otherLines * popularity[book.index]!) / totalPopularity;
  for (const group of groups) {
    for (const index of group.bookIndexes) demand[index]! += ORDER_MIX.groupShare * group.weight * ORDER_MIX.groupBookChance;
  }
  const start = window.start.getTime();
  const span = window.until.getTime() - start;
  for (const book of books) {
    const onShelfFrom = Math.max(0, (book.createdAt.getTime() - start) / span);
    demand[book.index] = demand[book.index]! * live * (1 - orderShareBefore(onShelfFrom));
  }
  return demand;
}

/**
 * What the shop stocked of a book before its first order: its expected sales, give or take (so
 * some bestsellers sell out and most books keep a few), plus a few; a few books never had any.
 */
export function initialStockOf(random: RandomStream, demand: number): number {
  if (random.chance(NEVER_STOCKED_SHARE)) return 0;
  return Math.round(demand * (0.95 + 0.8 * random.next())) + random.int(0, 15);
}
