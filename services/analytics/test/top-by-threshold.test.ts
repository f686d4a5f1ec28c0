import { describe, expect, it } from 'vitest';
import { ranking, topByThreshold } from '../src/dashboard/top-by-threshold.ts';
import type { Ranked } from '../src/dashboard/top-by-threshold.ts';

/** Lists of (key, measure) per period, as the rollups hold them; measures may be negative (cancellations). */
function randomLists(seed: number, lists: number, keys: number, skew: boolean): Array<Map<string, number>> {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: lists }, () => {
    const list = new Map<string, number>();
    for (let n = 0; n < keys; n++) {
      if (random() < 0.4) continue;
      const base = skew ? Math.floor(1000 / (n + 1)) : 50;
      list.set(`k${String(n).padStart(4, '0')}`, Math.floor(random() * base) - (random() < 0.1 ? 60 : 0));
    }
    return list;
  });
}

/** The threshold algorithm over in-memory lists, counting the rows it reads. */
function sourceOver(lists: Array<Map<string, number>>) {
  const sorted = lists.map((list) =>
    [...list].map(([key, measure]) => ({ key, measure, count: 1 })).sort((a, b) => b.measure - a.measure || (a.key < b.key ? 1 : -1)),
  );
  let read = 0;
  return {
    read: () => read,
    source: {
      lists: lists.length,
      readNext: async (reads: Array<{ list: number; after: Ranked | undefined; take: number }>) =>
        reads.flatMap(({ list, after, take }) => {
          const rows = sorted[list]!;
          const start = after ? rows.findIndex((row) => row.key === after.key && row.measure === after.measure) + 1 : 0;
          const next = rows.slice(start, start + take);
          read += next.length;
          return next.map((row) => ({ ...row, list }));
        }),
      totalsOf: async (keys: string[]) =>
        keys.map((key) => {
          const present = lists.filter((list) => list.has(key));
          return { key, measure: present.reduce((sum, list) => sum + list.get(key)!, 0), count: present.length };
        }),
    },
  };
}

function bruteForce(lists: Array<Map<string, number>>, n: number): Ranked[] {
  const totals = new Map<string, Ranked>();
  for (const list of lists)
    for (const [key, measure] of list) {
      const entry = totals.get(key) ?? { key, measure: 0, count: 0 };
      entry.measure += measure;
      entry.count += 1;
      totals.set(key, entry);
    }
  return ranking([...totals.values()]).slice(0, n);
}

describe('the threshold algorithm', () => {
  it.each([
    [1, 1, false],
    [2, 12, false],
    [3, 40, true],
    [4, 40, false],
    [5, 3, true],
  ])('finds exactly the best ten of seed %i over %i lists (skewed: %s), as summing every list would', async (seed, lists, skew) => {
    const data = randomLists(seed, lists, 400, skew);
    const { source } = sourceOver(data);
    expect(await topByThreshold(10, source)).toEqual(bruteForce(data, 10));
  });

  it('reads a fraction of the rows when a few keys lead', async () => {
    const data = randomLists(9, 30, 2_000, true);
    const { source, read } = sourceOver(data);
    expect(await topByThreshold(10, source)).toEqual(bruteForce(data, 10));
    const rows = data.reduce((sum, list) => sum + list.size, 0);
    expect(read()).toBeLessThan(rows / 5);
  });

  it('gives fewer than asked when fewer totals are positive, and none from empty lists', async () => {
    const data = [
      new Map([
        ['a', 5],
        ['b', -3],
      ]),
      new Map([['b', 2]]),
      new Map<string, number>(),
    ];
    expect(await topByThreshold(10, sourceOver(data).source)).toEqual([{ key: 'a', measure: 5, count: 1 }]);
  });
});
