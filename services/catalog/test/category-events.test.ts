import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, startCatalog } from './support.ts';

describeService('category events', startCatalog, (sut, { storage }) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut, { name: 'Sejarah' });
    await createCategory(sut, { name: 'Puisi' });
  });

  async function eventsOf(id: string) {
    const rows = await storage.database.root.selectFrom('catalog.outbox').select(['type', 'envelope']).orderBy('seq').execute();
    return rows
      .filter((row) => row.envelope.payload.categoryId === id)
      .map((row) => ({ type: row.type, payload: row.envelope.payload as { categoryId: string; categoryName?: string; name?: string } }));
  }

  it('records the whole category when staff rename it, and the books written after carry the new name', async () => {
    const before = await createBook(sut, categoryId, { title: 'Arus Balik' });
    const renamed = await sut.api.patch(`/api/categories/${categoryId}`, { token: sut.tokens.staff, body: { name: 'Sejarah Nusantara' } });
    expect(renamed.status).toBe(200);
    const after = await createBook(sut, categoryId, { title: 'Bumi Manusia' });

    const events = await eventsOf(categoryId);
    expect(events.map((event) => event.type)).toEqual(['book.created', 'category.updated', 'book.created']);
    expect(events[0]!.payload).toMatchObject({ bookId: before.id, categoryName: 'Sejarah' });
    expect(events[1]!.payload).toEqual({
      categoryId,
      name: 'Sejarah Nusantara',
      slug: renamed.body.slug,
      description: renamed.body.description,
      updatedAt: renamed.body.updatedAt,
    });
    expect(events[2]!.payload).toMatchObject({ bookId: after.id, categoryName: 'Sejarah Nusantara' });
  });

  it('records nothing when a rename is refused', async () => {
    const refused = await sut.api.patch(`/api/categories/${categoryId}`, { token: sut.tokens.staff, body: { name: 'puisi' } });
    expect(refused.status).toBe(409);
    expect((await eventsOf(categoryId)).filter((event) => event.type === 'category.updated')).toHaveLength(1);
  });
});
