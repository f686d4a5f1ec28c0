import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/index.ts';
import { keysetPageOf, keysetPages, pageOfRows } from '../src/rpc/index.ts';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('keyset pages of a listing RPC', () => {
  it('reads a first page of the default size, and a page after an id, lower-cased', () => {
    expect(keysetPageOf({ afterId: '', pageSize: 0 })).toEqual({ afterId: undefined, size: 100 });
    expect(keysetPageOf({ afterId: id(7).toUpperCase(), pageSize: 1000 })).toEqual({ afterId: id(7), size: 1000 });
  });

  it('refuses a size above 1000 or below 0 and an after_id that is not a UUID, as VALIDATION_FAILED', () => {
    for (const request of [
      { afterId: '', pageSize: 1001 },
      { afterId: '', pageSize: -1 },
      { afterId: '', pageSize: 1.5 },
      { afterId: "' or 1=1 --", pageSize: 10 },
    ]) {
      const error = (() => {
        try {
          return keysetPageOf(request);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error, JSON.stringify(request)).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
    }
  });

  it('keeps a page of rows read one past its size, and names the next page only when there is one', () => {
    const rows = [1, 2, 3].map((n) => ({ id: id(n) }));
    expect(pageOfRows(rows, { afterId: undefined, size: 2 }, (row) => row.id)).toEqual({ rows: rows.slice(0, 2), nextAfterId: id(2) });
    expect(pageOfRows(rows, { afterId: undefined, size: 3 }, (row) => row.id)).toEqual({ rows, nextAfterId: '' });
  });

  it('walks every page in turn, asking for each after the last, until one says it was the last', async () => {
    const all = Array.from({ length: 7 }, (_, n) => id(n + 1));
    const asked: string[] = [];
    const fetchPage = async (afterId: string) => {
      asked.push(afterId);
      const rest = all.filter((each) => afterId === '' || each > afterId).slice(0, 4);
      const { rows, nextAfterId } = pageOfRows(rest, { afterId, size: 3 }, (each) => each);
      return { items: rows, nextAfterId };
    };
    const pages = [];
    for await (const page of keysetPages(fetchPage)) pages.push(page);
    expect(pages).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)]);
    expect(asked).toEqual(['', id(3), id(6)]);
  });

  it('stops between pages once its signal is aborted', async () => {
    const controller = new AbortController();
    const pages = keysetPages(async () => ({ items: [id(1)], nextAfterId: id(1) }), controller.signal);
    expect((await pages.next()).value).toEqual([id(1)]);
    controller.abort(new Error('stopped'));
    await expect(pages.next()).rejects.toThrow('stopped');
  });
});
