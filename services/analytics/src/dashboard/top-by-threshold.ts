/**
 * The best `n` keys by a sum over many lists, exactly, without reading the lists whole: Fagin's
 * threshold algorithm. Each list (a month's or a day's rollup) is read best first, a few rows at a
 * time; every key seen gets its exact total (a lookup per key across all lists). A key not seen
 * yet cannot total more than the sum of the lists' last values read (or nothing from a list whose
 * values have reached 0 or that has run out), so once the n-th best exact total is above that
 * bound, the answer is known. Only positive totals are ranked; ties go to the smaller key.
 */

/** One entry of a ranking: its key, the measure it is ranked by and the count beside it. */
export interface Ranked {
  key: string;
  measure: number;
  count: number;
}

export interface ThresholdSource {
  /** How many lists there are. */
  lists: number;
  /** The next rows of the given lists, best first; `after` is the last row read of each (undefined at the start). */
  readNext(reads: Array<{ list: number; after: Ranked | undefined; take: number }>): Promise<Array<Ranked & { list: number }>>;
  /** The exact totals over every list of the keys. */
  totalsOf(keys: string[]): Promise<Ranked[]>;
}

const FIRST_TAKE = 16;
const MOST_TAKE = 1024;

/**
 * @example
 *   const top = await topByThreshold(10, { lists: 14, readNext, totalsOf });
 */
export async function topByThreshold(n: number, source: ThresholdSource): Promise<Ranked[]> {
  const lists = Array.from({ length: source.lists }, () => ({ after: undefined as Ranked | undefined, open: true }));
  const totals = new Map<string, Ranked>();
  let take = FIRST_TAKE;
  for (;;) {
    const reading = lists.flatMap((list, index) => (list.open ? [{ list: index, after: list.after, take }] : []));
    const rows = await source.readNext(reading);
    for (const { list: index } of reading) {
      const read = rows.filter((row) => row.list === index);
      const list = lists[index]!;
      if (read.length > 0) list.after = read[read.length - 1];
      // Run out, or down to rows that add nothing: no unseen key gets more than 0 from it.
      if (read.length < take || (list.after !== undefined && list.after.measure <= 0)) list.open = false;
    }
    const unseen = [...new Set(rows.map((row) => row.key))].filter((key) => !totals.has(key));
    for (const total of await source.totalsOf(unseen)) totals.set(total.key, total);

    const best = ranking([...totals.values()]).slice(0, n);
    const bound = lists.reduce((sum, list) => sum + (list.open && list.after ? Math.max(list.after.measure, 0) : 0), 0);
    const anyOpen = lists.some((list) => list.open);
    if (!anyOpen || (best.length === n && best[n - 1]!.measure > bound)) return best;
    take = Math.min(take * 2, MOST_TAKE);
  }
}

/** Positive totals, best first, ties by key. */
export function ranking(entries: Ranked[]): Ranked[] {
  return entries.filter((entry) => entry.measure > 0).sort((a, b) => b.measure - a.measure || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
