/**
 * A list of recommendations being filled from several sources in turn: it takes each item once,
 * never one left out from the start, and no more than its limit.
 *
 * @example
 *   const picks = new Picks<RecommendedBook>(10, [bookId]);
 *   picks.add(boughtTogether);
 *   if (!picks.full) picks.add(await popular({ excludeIds: picks.takenIds, limit: picks.room }));
 */
export class Picks<Item extends { id: string }> {
  readonly #limit: number;
  readonly #taken: Set<string>;
  readonly #items: Item[] = [];

  constructor(limit: number, leftOut: readonly string[]) {
    this.#limit = limit;
    this.#taken = new Set(leftOut);
  }

  /** How many more items fit. */
  get room(): number {
    return this.#limit - this.#items.length;
  }

  get full(): boolean {
    return this.room <= 0;
  }

  /** Ids a source must leave out: those left out from the start and those taken. */
  get takenIds(): string[] {
    return [...this.#taken];
  }

  get items(): Item[] {
    return [...this.#items];
  }

  /** Takes the items not taken yet, in order, while there is room. */
  add(items: readonly Item[]): void {
    for (const item of items) {
      if (this.full) return;
      if (this.#taken.has(item.id)) continue;
      this.#taken.add(item.id);
      this.#items.push(item);
    }
  }
}
