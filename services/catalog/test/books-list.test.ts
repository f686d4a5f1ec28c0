import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, startCatalog } from './support.ts';

interface Listed {
  id: string;
}

describeService('finding books', startCatalog, (sut) => {
  let shelfA: string;
  let shelfB: string;
  let filler: string;
  /** The five books the filter and sort cases reason about, by name. */
  const ids: Record<'alpha' | 'beta' | 'gamma' | 'delta' | 'epsilon', string> = { alpha: '', beta: '', gamma: '', delta: '', epsilon: '' };
  const FILLER_COUNT = 23;

  beforeAll(async () => {
    [shelfA, shelfB, filler] = [await createCategory(sut), await createCategory(sut), await createCategory(sut)];
    // Created one after another, so creation order is alpha..epsilon.
    ids.alpha = (await createBook(sut, shelfA, { title: 'Alpha Zeta', authors: ['Ann Smith'], publicationYear: 1990, price: 1000, stock: 5 })).id;
    ids.beta = (await createBook(sut, shelfA, { title: 'beta', authors: ['Bob Jones', 'Carol King'], publicationYear: 2000, price: 500, stock: 0 })).id;
    ids.gamma = (await createBook(sut, shelfB, { title: 'Gamma 100% Proof', authors: ['Dan Brown'], publicationYear: 2010, price: 3000, stock: 2 })).id;
    ids.delta = (await createBook(sut, shelfB, { title: 'Delta_Force', authors: ['Eve Smithson'], publicationYear: 1850, price: 1500, stock: 7 })).id;
    ids.epsilon = (await createBook(sut, shelfA, { title: 'Epsilon', authors: ["Frank O'Connor"], publicationYear: 2020, price: 1500, stock: 1 })).id;
    for (let i = 0; i < FILLER_COUNT; i++) {
      await createBook(sut, filler, { title: `Page Book ${i}`, authors: ['Page Writer'], publicationYear: 1700, price: 100_000, stock: 3 });
    }
  });

  async function list(query: string) {
    const response = await sut.api.get(`/api/books?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { items: Listed[]; total: number; page: number; pageSize: number };
  }
  const idsOf = (page: { items: Listed[] }) => page.items.map((book) => book.id);
  const named = (...names: (keyof typeof ids)[]) => names.map((name) => ids[name]);
  // The five named books only: filler books are all from 1700.
  const NAMED = 'yearFrom=1800';

  it('narrows by category', async () => {
    const page = await list(`categoryId=${shelfA}&sort=createdAt`);
    expect(idsOf(page)).toEqual(named('alpha', 'beta', 'epsilon'));
    expect(page.total).toBe(3);
  });

  it('matches any author, by part of the name, in any case', async () => {
    expect(idsOf(await list('author=SMITH&sort=createdAt'))).toEqual(named('alpha', 'delta'));
    expect(idsOf(await list('author=carol%20king'))).toEqual(named('beta'));
    expect(idsOf(await list("author=o'connor"))).toEqual(named('epsilon'));
  });

  it('narrows by publication years and by price, bounds included', async () => {
    expect(idsOf(await list('yearFrom=1990&yearTo=2010&sort=publicationYear'))).toEqual(named('alpha', 'beta', 'gamma'));
    expect(idsOf(await list('priceMin=1000&priceMax=1500&sort=createdAt'))).toEqual(named('alpha', 'delta', 'epsilon'));
  });

  it('narrows to books in stock or sold out', async () => {
    expect(idsOf(await list('inStock=false'))).toEqual(named('beta'));
    expect((await list('inStock=true')).total).toBe(4 + FILLER_COUNT);
  });

  it('searches title and authors as plain text, wildcards included', async () => {
    expect(idsOf(await list('q=SMITH&sort=createdAt'))).toEqual(named('alpha', 'delta'));
    expect(idsOf(await list('q=zeta'))).toEqual(named('alpha'));
    expect(idsOf(await list('q=100%25'))).toEqual(named('gamma'));
    expect(idsOf(await list('q=_'))).toEqual(named('delta'));
    expect((await list('author=%25')).total).toBe(0);
  });

  it('combines filters', async () => {
    expect(idsOf(await list(`categoryId=${shelfA}&inStock=true&sort=-price`))).toEqual(named('epsilon', 'alpha'));
  });

  it('sorts by title (any case), price, year and creation, both ways, ties broken by id', async () => {
    expect(idsOf(await list(`${NAMED}&sort=title`))).toEqual(named('alpha', 'beta', 'delta', 'epsilon', 'gamma'));
    expect(idsOf(await list(`${NAMED}&sort=-title`))).toEqual(named('gamma', 'epsilon', 'delta', 'beta', 'alpha'));
    const [first, second] = [ids.delta, ids.epsilon].sort();
    expect(idsOf(await list(`${NAMED}&sort=price`))).toEqual([ids.beta, ids.alpha, first, second, ids.gamma]);
    expect(idsOf(await list(`${NAMED}&sort=-price`))).toEqual([ids.gamma, second, first, ids.alpha, ids.beta]);
    expect(idsOf(await list(`${NAMED}&sort=publicationYear`))).toEqual(named('delta', 'alpha', 'beta', 'gamma', 'epsilon'));
    expect(idsOf(await list(`${NAMED}&sort=-publicationYear`))).toEqual(named('epsilon', 'gamma', 'beta', 'alpha', 'delta'));
    expect(idsOf(await list(`${NAMED}&sort=createdAt`))).toEqual(named('alpha', 'beta', 'gamma', 'delta', 'epsilon'));
    expect(idsOf(await list(`${NAMED}&sort=-createdAt`))).toEqual(named('epsilon', 'delta', 'gamma', 'beta', 'alpha'));
  });

  it('pages through equal prices without skipping or repeating a book', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const result = await list(`categoryId=${filler}&sort=price&page=${page}&pageSize=5`);
      expect(result).toMatchObject({ total: FILLER_COUNT, page, pageSize: 5 });
      expect(result.items).toHaveLength(page < 5 ? 5 : 3);
      seen.push(...idsOf(result));
    }
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(FILLER_COUNT);
    const beyond = await list(`categoryId=${filler}&page=6&pageSize=5`);
    expect(beyond).toMatchObject({ items: [], total: FILLER_COUNT });
  });

  it('returns 20 books per page unless asked otherwise', async () => {
    const page = await list(`categoryId=${filler}`);
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: FILLER_COUNT });
    expect(page.items).toHaveLength(20);
  });

  it.each([
    ['a page size over 100', 'pageSize=101'],
    ['page zero', 'page=0'],
    ['an unknown sort', 'sort=author'],
    ['an unknown parameter', 'colour=red'],
    ['a non-boolean inStock', 'inStock=maybe'],
    ['a category that is not a UUID', 'categoryId=fiction'],
    ['an overlong search', `q=${'x'.repeat(201)}`],
  ])('rejects %s with 400', async (_case, query) => {
    const response = await sut.api.get(`/api/books?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
