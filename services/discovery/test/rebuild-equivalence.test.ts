import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { corpus } from './corpus.ts';
import { addBook, addCategory, indexSnapshot, publishEvent, rebuildThroughRoute, startDiscovery, untilIndexed } from './support.ts';

/** Searches whose answers the rebuilt index must give as the live one did: words, typos, prefixes, filters. */
const QUERIES = ['q=novel', 'q=pramudya', 'q=pelangi&inStock=false', 'q=manusia', 'q=bedah&type=event', 'q=gadis', 'q=kretek', 'q=cinta+sastra'];

describeService('a rebuilt search index is the one the events built', startDiscovery, (sut, { storage }) => {
  beforeAll(async () => {
    const categories = new Map<string, string>();
    for (const name of new Set(corpus.map((book) => book.category))) categories.set(name, await addCategory(sut, name));
    const added = [];
    for (const { category, ...book } of corpus) added.push(await addBook(sut, categories.get(category)!, book));
    // A rename leaves its old words in the live vocabulary; a book sold out, a book deleted.
    const renamed = await addBook(sut, categories.get('Sastra Indonesia')!, { title: 'Gadis Kretek', authors: ['Ratih Kumala'] });
    expect(
      (await sut.api.patch(`/api/books/${renamed.id}`, { token: sut.staff, body: { title: 'Gadis Pantai', authors: ['Pramoedya Ananta Toer'] } })).status,
    ).toBe(200);
    expect((await sut.api.post(`/api/books/${added[0].id}/stock`, { token: sut.staff, body: { set: 0 } })).status).toBe(200);
    expect((await sut.api.delete(`/api/books/${added[1].id}`, { token: sut.staff })).status).toBe(204);
    // Events on, changed and called off.
    await publishEvent(sut, { title: 'Bedah buku Bumi Manusia', description: 'Bincang sejarah bersama pembaca.' });
    const changed = await publishEvent(sut, { title: 'Lokakarya puisi', description: 'Menulis puisi bersama.' });
    expect((await sut.api.patch(`/api/events/${changed}`, { token: sut.staff, body: { title: 'Lokakarya puisi dan cerpen' } })).status).toBe(200);
    const cancelled = await publishEvent(sut, { title: 'Bedah buku Laskar Pelangi', description: 'Batal.' });
    expect((await sut.api.post(`/api/events/${cancelled}/cancel`, { token: sut.staff })).status).toBe(200);
    await untilIndexed(storage);
  });

  it('holds the same documents and type-ahead entries, and only the words of what is there now', async () => {
    const live = await indexSnapshot(storage);
    const answers = await Promise.all(QUERIES.map(async (query) => (await sut.api.get(`/api/search?${query}`)).body));
    const suggested = (await sut.api.get('/api/search/suggest?q=pram')).body;

    const run = await rebuildThroughRoute(sut);
    expect(run).toMatchObject({
      state: 'succeeded',
      error: null,
      steps: [
        { name: 'books', state: 'done', items: corpus.length },
        { name: 'events', state: 'done', items: 3 },
      ],
    });

    const rebuilt = await indexSnapshot(storage);
    expect(rebuilt.documents).toEqual(live.documents);
    expect(rebuilt.suggestions).toEqual(live.suggestions);
    // The live vocabulary keeps every word it ever held; a rebuilt one only those of what is there
    // now: not the renamed book's old title and author, nor the deleted book's title and author.
    const gone = ['andrea', 'hirata', 'kretek', 'kumala', 'laskar', 'pelangi', 'ratih'];
    expect(live.vocabulary).toEqual(expect.arrayContaining(gone));
    expect(rebuilt.vocabulary).toEqual(live.vocabulary.filter((word) => !gone.includes(word)));
    expect(await Promise.all(QUERIES.map(async (query) => (await sut.api.get(`/api/search?${query}`)).body))).toEqual(answers);
    expect((await sut.api.get('/api/search/suggest?q=pram')).body).toEqual(suggested);
  });

  it('gives the same index again when rebuilt twice, and leaves no shadow schema behind', async () => {
    const before = await indexSnapshot(storage);
    expect((await rebuildThroughRoute(sut)).state).toBe('succeeded');
    expect(await indexSnapshot(storage)).toEqual(before);
    const schemas = await storage.database.root
      .selectFrom('information_schema.schemata' as any)
      .select('schema_name')
      .where('schema_name', 'like', 'discovery%')
      .execute();
    expect(schemas.map((row: { schema_name: string }) => row.schema_name)).toEqual(['discovery']);
  });
});
