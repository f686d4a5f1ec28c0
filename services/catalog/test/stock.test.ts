import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, failingFields, startCatalog } from './support.ts';

describeService('stock adjustments', startCatalog, (sut) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut);
  });

  const adjust = (bookId: string, body: unknown, token = sut.tokens.staff) => sut.api.post(`/api/books/${bookId}/stock`, { token, body });
  const stockOf = async (bookId: string) => (await sut.api.get(`/api/books/${bookId}`)).body.stock as number;

  it('restocks, corrects and counts a book, answering the new stock', async () => {
    const book = await createBook(sut, categoryId, { stock: 5 });
    expect((await adjust(book.id, { delta: 7 })).body).toEqual({ bookId: book.id, stock: 12 });
    expect((await adjust(book.id, { delta: -12 })).body).toEqual({ bookId: book.id, stock: 0 });
    expect((await adjust(book.id, { set: 31 })).body).toEqual({ bookId: book.id, stock: 31 });
    expect(await stockOf(book.id)).toBe(31);
  });

  it('refuses to go below zero with 409 and the current stock, changing nothing', async () => {
    const book = await createBook(sut, categoryId, { stock: 2 });
    const refused = await adjust(book.id, { delta: -3 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_STOCK', bookId: book.id, stock: 2 });
    expect(await stockOf(book.id)).toBe(2);
  });

  it('refuses to go above the stock limit', async () => {
    const book = await createBook(sut, categoryId, { stock: 1_000_000 });
    const refused = await adjust(book.id, { delta: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'STOCK_LIMIT_EXCEEDED', stock: 1_000_000 });
  });

  it('answers 404 for a book that does not exist', async () => {
    const response = await adjust('0190f3a1-0000-7000-8000-000000000000', { delta: 1 });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('BOOK_NOT_FOUND');
  });

  it.each([
    ['both delta and set', { delta: 1, set: 1 }, ['/delta', '/set']],
    ['neither delta nor set', {}, ['/delta', '/set']],
    ['a zero delta', { delta: 0 }, ['/delta']],
    ['a fractional delta', { delta: 1.5 }, ['/delta']],
    ['a delta over the bound', { delta: 100_001 }, ['/delta']],
    ['a negative set', { set: -1 }, ['/set']],
    ['an unknown field', { delta: 1, reason: 'found' }, ['/reason']],
  ])('rejects %s with 400', async (_case, body, fields) => {
    const book = await createBook(sut, categoryId, { stock: 5 });
    const response = await adjust(book.id, body);
    expect(response.status).toBe(400);
    expect(failingFields(response.body)).toEqual(fields);
    expect(await stockOf(book.id)).toBe(5);
  });

  it('applies 300 concurrent restocks and corrections exactly', async () => {
    const initial = 300;
    const book = await createBook(sut, categoryId, { stock: initial });
    const staff = [sut.tokens.staff, sut.tokens.admin];
    // Enough stock for every removal in any order, so every call must succeed.
    const deltas = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? 3 : -2));
    const responses = await Promise.all(deltas.map((delta, i) => adjust(book.id, { delta }, staff[i % staff.length])));

    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
    expect(responses.every((response) => response.body.stock >= 0)).toBe(true);
    const expected = initial + deltas.reduce((sum, delta) => sum + delta, 0);
    expect(await stockOf(book.id)).toBe(expected);
  });

  it('lets racing removals take exactly the stock there is and refuses the rest', async () => {
    const initial = 40;
    const book = await createBook(sut, categoryId, { stock: initial });
    const quantities = Array.from({ length: 200 }, (_, i) => 1 + (i % 3));
    const responses = await Promise.all(quantities.map((qty) => adjust(book.id, { delta: -qty })));

    const taken = quantities.filter((_, i) => responses[i]!.status === 200);
    const refused = responses.filter((response) => response.status !== 200);
    expect(refused.every((response) => response.status === 409 && response.body.code === 'INSUFFICIENT_STOCK')).toBe(true);
    const final = await stockOf(book.id);
    expect(final).toBeGreaterThanOrEqual(0);
    expect(taken.reduce((sum, qty) => sum + qty, 0)).toBe(initial - final);
    // Stock only fell, so every refused removal asked for more than what is left now.
    const refusedQuantities = quantities.filter((_, i) => responses[i]!.status !== 200);
    expect(refusedQuantities.every((qty) => qty > final)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
  });
});
