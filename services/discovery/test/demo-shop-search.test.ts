import { expect, it } from 'vitest';
import { seedDemoCatalog } from '@pustaka/catalog';
import { describeService, eventually } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { startDiscovery, titlesFound } from './support.ts';

/** Discovery over a catalog seeded before the platform starts, as the embedded app's first start. */
async function startOverDemoShop(storage: TestStorage) {
  await seedDemoCatalog(storage.database);
  return startDiscovery(storage);
}

describeService('search over the demo shop on first start', startOverDemoShop, (sut) => {
  it('indexes every seeded book from the catalog’s book.created events', async () => {
    // The last book seeded, announced last: the events are applied in order, so all are in.
    await eventually(async () => expect(await titlesFound(sut, 'q=laut+bercerita')).toEqual(['Laut Bercerita']), 30_000);
    const documents = await sut.ctx.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('searchable', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(documents.count)).toBe(240);
  });

  it('finds Indonesian and English books, by title, author and with typos', async () => {
    expect((await titlesFound(sut, 'q=bumi+manusia'))[0]).toBe('Bumi Manusia');
    expect((await titlesFound(sut, 'q=pramoedya')).sort()).toEqual(['Anak Semua Bangsa', 'Bumi Manusia', 'Jejak Langkah', 'Rumah Kaca']);
    expect((await titlesFound(sut, 'q=ronggeng+dukuh'))[0]).toBe('Ronggeng Dukuh Paruk');
    expect((await titlesFound(sut, 'q=laskar+pelagi'))[0]).toBe('Laskar Pelangi');
    expect((await titlesFound(sut, 'q=cantik+itu+luka'))[0]).toBe('Cantik Itu Luka');
    expect((await titlesFound(sut, 'q=pride+prejudise'))[0]).toBe('Pride and Prejudice');
    expect((await titlesFound(sut, 'q=marquez+solitude'))[0]).toBe('One Hundred Years of Solitude');
  });

  it('counts the Indonesian shelf in the category facet', async () => {
    const { facets, total } = (await sut.api.get('/api/search?q=eka+kurniawan')).body;
    expect(total).toBe(2);
    expect(facets.category).toEqual([{ value: expect.any(String), name: 'Sastra Indonesia', count: 2 }]);
  });
});
