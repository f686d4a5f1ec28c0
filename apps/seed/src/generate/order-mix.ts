/**
 * What a seeded order is made of, in one place: the orders follow it and the catalog's stock is
 * sized from it, so popular books are stocked for their demand and only some of them sell out.
 */
export const ORDER_MIX = {
  /** Orders that start from an affinity group (a series, a reading list): the planted co-purchases. */
  groupShare: 0.3,
  /** Of a group drawn, each book is taken with this chance (at least two are). */
  groupBookChance: 0.75,
  /** A group order also takes one other book with this chance. */
  groupExtraLine: 0.3,
  /** Lines of an order that is not a group's: 1 to 5, with these weights. */
  lineWeights: [0.55, 0.25, 0.12, 0.05, 0.03],
  /** A line's book is from the member's favourite shelves with this chance, else from the whole shop. */
  favouriteShelfShare: 0.5,
  /** Units of a line: 1 to 3, with these weights. */
  quantityWeights: [0.88, 0.09, 0.03],
  cancelledShare: 0.045,
  /** Orders older than this many days are handed over (fulfilled), but a few. */
  fulfilAfterDays: 5,
  fulfilledShare: 0.97,
  /** Orders per day grow through the two years: the last day sees 1 + growth times the first's. */
  growth: 1.5,
} as const;

/** The mean of 1..n weighted by `weights`. */
export function meanOf(weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.reduce((sum, weight, i) => sum + weight * (i + 1), 0) / total;
}

/**
 * The share of all orders placed before `x` (0 at the start of the window, 1 at its end), under
 * the linear growth of ORDER_MIX; `orderTimeAt` is its inverse.
 */
export function orderShareBefore(x: number): number {
  const g = ORDER_MIX.growth;
  return (x + (g * x * x) / 2) / (1 + g / 2);
}

/** Where in the window (0..1) the orders reach `share` of their total. */
export function orderTimeAt(share: number): number {
  const g = ORDER_MIX.growth;
  return (-1 + Math.sqrt(1 + 2 * g * share * (1 + g / 2))) / g;
}
