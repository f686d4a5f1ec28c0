import { beforeAll, expect, it } from 'vitest';
import { describeService, eventually } from '@pustaka/kit/testing';
import { corpus } from './corpus.ts';
import { addBook, addCategory, publishEvent, startDiscovery, titlesFound } from './support.ts';

describeService('search relevance on a fixed corpus', startDiscovery, (sut) => {
  const categoryIds = new Map<string, string>();

  beforeAll(async () => {
    for (const name of new Set(corpus.map((book) => book.category))) categoryIds.set(name, await addCategory(sut, name));
    for (const { category, ...book } of corpus) await addBook(sut, categoryIds.get(category)!, book);
    await publishEvent(sut, {
      title: 'Malam Sastra: bincang novel bersama Leila S. Chudori',
      description: 'Pembacaan dan diskusi novel Pulang.',
      venue: 'Pustaka Hall, Bandung',
    });
    await eventually(async () =>
      expect((await sut.api.get('/api/search?q=novel')).body.total).toBe(corpus.filter((book) => /novel/i.test(book.synopsis)).length + 1),
    );
    await eventually(async () => expect(await titlesFound(sut, 'q=hawking')).toEqual(['A Brief History of Time']));
  });

  it('ranks the book whose title holds the words first', async () => {
    expect((await titlesFound(sut, 'q=laskar+pelangi'))[0]).toBe('Laskar Pelangi');
    expect((await titlesFound(sut, 'q=cantik+luka'))[0]).toBe('Cantik Itu Luka');
  });

  it('forgives one typo in a word of five letters or more', async () => {
    expect((await titlesFound(sut, 'q=lasker'))[0]).toBe('Laskar Pelangi');
    expect((await titlesFound(sut, 'q=pelangu'))[0]).toBe('Laskar Pelangi');
    // Two letters swapped is one typo.
    expect((await titlesFound(sut, 'q=solarsi'))[0]).toBe('Solaris');
    expect((await titlesFound(sut, 'q=kurniawen'))[0]).toBe('Cantik Itu Luka');
  });

  it('forgives two typos in a word of nine letters or more, but not in a shorter one', async () => {
    expect((await titlesFound(sut, 'q=midlemarsh'))[0]).toBe('Middlemarch');
    expect((await titlesFound(sut, 'q=prsmoedia'))[0]).toBe('Bumi Manusia');
    expect(await titlesFound(sut, 'q=slaroi')).toEqual([]);
  });

  it('forgives no typo in a word of four letters or fewer', async () => {
    expect(await titlesFound(sut, 'q=bumu')).toEqual([]);
    expect((await titlesFound(sut, 'q=bumi'))[0]).toBe('Bumi Manusia');
  });

  it('matches the last word as a prefix while it is being typed', async () => {
    expect((await titlesFound(sut, 'q=laskar+pel'))[0]).toBe('Laskar Pelangi');
    expect(await titlesFound(sut, 'q=bumi+manu')).toEqual(['Bumi Manusia']);
    // Only the last word: an earlier one is a whole word.
    expect(await titlesFound(sut, 'q=manu+bumi')).toEqual([]);
  });

  it('needs every word of a multi-word query', async () => {
    expect(await titlesFound(sut, 'q=ronggeng+dukuh+paruk')).toEqual(['Ronggeng Dukuh Paruk']);
    expect(await titlesFound(sut, 'q=ronggeng+galaxy')).toEqual([]);
  });

  it('finds books by author names, accents folded either way', async () => {
    expect(await titlesFound(sut, 'q=pramoedya+toer')).toEqual(['Bumi Manusia']);
    expect(await titlesFound(sut, 'q=garcia+marquez')).toEqual(['One Hundred Years of Solitude']);
    expect(await titlesFound(sut, 'q=Garc%C3%ADa+M%C3%A1rquez')).toEqual(['One Hundred Years of Solitude']);
    expect(await titlesFound(sut, 'q=stanislaw')).toEqual(['Solaris']);
  });

  it('weighs a title above a synopsis', async () => {
    expect(await titlesFound(sut, 'q=galaxy')).toEqual(["The Hitchhiker's Guide to the Galaxy", 'Solaris']);
  });

  it('stems English and Indonesian words', async () => {
    expect(await titlesFound(sut, 'q=prejudices')).toEqual(['Pride and Prejudice']);
    expect(await titlesFound(sut, 'q=run')).toEqual(['A Brief History of Time']);
    // "berkuasa" and "kekuasaan" share the stem "kuasa".
    expect(await titlesFound(sut, 'q=berkuasa')).toEqual(['Bumi Manusia']);
  });

  it('leaves Indonesian and English stop words out of a query, and says which', async () => {
    const response = await sut.api.get('/api/search?q=kerikil+yang+putus');
    expect(response.body.items.map((hit: { title: string }) => hit.title)).toEqual(['Kerikil Tajam dan yang Terampas dan yang Putus']);
    expect(response.body.query).toEqual({ words: ['kerikil', 'putus'], ignored: ['yang'] });
    expect((await titlesFound(sut, 'q=the+pride+of+prejudice'))[0]).toBe('Pride and Prejudice');
  });

  it('answers a query of stop words only, or none, with a notice instead of an error', async () => {
    const stopWords = await sut.api.get('/api/search?q=yang+dan+the');
    expect(stopWords.status).toBe(200);
    expect(stopWords.body).toMatchObject({
      items: [],
      total: 0,
      pages: 0,
      notice: { code: 'ONLY_STOP_WORDS' },
      query: { words: [], ignored: ['yang', 'dan', 'the'] },
    });
    for (const query of ['', 'q=', 'q=%20%20', 'q=%3A*%26%7C!']) {
      const empty = await sut.api.get(`/api/search?${query}`);
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ items: [], total: 0, notice: { code: 'EMPTY_QUERY' } });
    }
  });

  it('marks the matching words in HTML-escaped snippets', async () => {
    const [hit] = (await sut.api.get('/api/search?q=lasker+sekolah')).body.items;
    expect(hit.highlights.title).toBe('<mark>Laskar</mark> Pelangi');
    expect(hit.highlights.text).toContain('<mark>sekolah</mark>');
    const [hitchhiker] = (await sut.api.get('/api/search?q=hitchhiker')).body.items;
    expect(hitchhiker.highlights.title).toBe('The <mark>Hitchhiker</mark>&#39;s Guide to the Galaxy');
  });

  it('counts exact facets and totals over every match, and pages through them', async () => {
    const response = await sut.api.get('/api/search?q=novel&pageSize=3');
    const novels = corpus.filter((book) => /novel/i.test(book.synopsis));
    expect(response.body.total).toBe(novels.length + 1);
    expect(response.body.pages).toBe(Math.ceil((novels.length + 1) / 3));
    expect(response.body.items).toHaveLength(3);
    expect(response.body.facets.type).toEqual([
      { value: 'book', count: novels.length },
      { value: 'event', count: 1 },
    ]);
    const byCategory = (name: string) => novels.filter((book) => book.category === name).length;
    expect(response.body.facets.category).toEqual([
      { value: categoryIds.get('Sastra Indonesia'), name: 'Sastra Indonesia', count: byCategory('Sastra Indonesia') },
      { value: categoryIds.get('Fiction'), name: 'Fiction', count: byCategory('Fiction') },
    ]);
    expect(response.body.facets.inStock).toEqual([
      { value: true, count: novels.filter((book) => book.stock > 0).length },
      { value: false, count: novels.filter((book) => book.stock === 0).length },
    ]);
    const pages = await Promise.all([1, 2, 3].map(async (page) => titlesFound(sut, `q=novel&pageSize=3&page=${page}`)));
    expect(new Set(pages.flat()).size).toBe(novels.length + 1);
  });

  it('narrows by type, category, author, years and stock', async () => {
    expect(await titlesFound(sut, 'q=novel&type=event')).toEqual(['Malam Sastra: bincang novel bersama Leila S. Chudori']);
    const sastra = await titlesFound(sut, `q=novel&category=${categoryIds.get('Sastra Indonesia')}`);
    expect(sastra.sort()).toEqual(['Bumi Manusia', 'Laskar Pelangi', 'Ronggeng Dukuh Paruk']);
    expect(await titlesFound(sut, 'q=novel&author=hirata')).toEqual(['Laskar Pelangi']);
    expect((await titlesFound(sut, 'q=novel&yearFrom=1960&yearTo=1981')).sort()).toEqual(['Bumi Manusia', 'One Hundred Years of Solitude']);
    expect((await titlesFound(sut, 'q=novel&inStock=false')).sort()).toEqual(['Laskar Pelangi', 'Middlemarch']);
  });

  it('answers a query asked again as the first time, from the statement compiled once and reused', async () => {
    // The first answer of a shape is from the statement as built, the third on from its template.
    const filtered = `q=novel+pel&type=book&category=${categoryIds.get('Sastra Indonesia')}&author=hirata&yearFrom=1900&yearTo=2020&inStock=false&pageSize=5`;
    for (const query of [filtered, 'q=lasker+sekolah', 'q=novel&inStock=true&page=2&pageSize=2', 'q=novel&yearTo=1981']) {
      const first = (await sut.api.get(`/api/search?${query}`)).body;
      expect(first.total).toBeGreaterThan(0);
      for (let again = 0; again < 3; again++) expect((await sut.api.get(`/api/search?${query}`)).body).toEqual(first);
    }
  });

  it('suggests titles and authors as they are typed, from the first letters', async () => {
    const suggestions = async (q: string) => (await sut.api.get(`/api/search/suggest?q=${q}`)).body.suggestions;
    expect(await suggestions('la')).toEqual([{ text: 'Laskar Pelangi', kind: 'title', documents: 1 }]);
    expect(await suggestions('pram')).toContainEqual({ text: 'Pramoedya Ananta Toer', kind: 'author', documents: 1 });
    expect((await suggestions('pelangi'))[0]).toEqual({ text: 'Laskar Pelangi', kind: 'title', documents: 1 });
    expect((await suggestions('marquez'))[0]).toEqual({ text: 'Gabriel García Márquez', kind: 'author', documents: 1 });
    expect(await suggestions('')).toEqual([]);
  });
});
