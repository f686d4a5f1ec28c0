import { describe, expect, it } from 'vitest';
import { batchesOf, readAhead } from '../src/rebuild/page-batches.ts';

async function* pagesOf(pages: number[][], log: string[] = []): AsyncGenerator<number[]> {
  try {
    for (const [n, page] of pages.entries()) {
      log.push(`read ${n}`);
      yield page;
    }
  } finally {
    log.push('closed');
  }
}

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe('pages gathered into batches and read ahead', () => {
  it('gathers pages into batches of at least the size asked, the last with what is left', async () => {
    expect(await all(batchesOf(pagesOf([[1, 2], [3, 4], [5], [6, 7, 8], [9]]), 4))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(await all(batchesOf(pagesOf([]), 4))).toEqual([]);
  });

  it('asks for the next page as soon as one is handed over, and closes the listing when the reader stops early', async () => {
    const log: string[] = [];
    for await (const page of readAhead(pagesOf([[1], [2], [3]], log))) {
      log.push(`write ${page[0]}`);
      if (page[0] === 2) break;
    }
    expect(log).toEqual(['read 0', 'read 1', 'write 1', 'read 2', 'write 2', 'closed']);
  });

  it('hands over a failure of the listing where the reader waits for that page', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('owner unavailable');
    }
    const written: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(failing())) written.push(item);
      })(),
    ).rejects.toThrow('owner unavailable');
    expect(written).toEqual([1]);
  });
});
