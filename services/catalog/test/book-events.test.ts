import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, startCatalog } from './support.ts';

describeService('book events', startCatalog, (sut, { storage }) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut, { name: 'Sastra Indonesia' });
  });

  async function eventsOf(bookId: string) {
    const rows = await storage.database.root.selectFrom('catalog.outbox').select(['type', 'envelope']).orderBy('seq').execute();
    return rows.filter((row) => row.envelope.payload.bookId === bookId).map((row) => ({ type: row.type, payload: row.envelope.payload }));
  }

  it('records the whole book with its category name when it is added, changed and deleted', async () => {
    const book = await createBook(sut, categoryId, { title: 'Gadis Kretek', authors: ['Ratih Kumala'], publicationYear: 2012, stock: 4 });
    const changed = await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body: { title: 'Gadis Pantai' } });
    expect(changed.status).toBe(200);
    expect((await sut.api.delete(`/api/books/${book.id}`, { token: sut.tokens.staff })).status).toBe(204);

    const whole = (fields: Record<string, unknown>) => ({
      bookId: book.id,
      authors: ['Ratih Kumala'],
      isbn: book.isbn,
      synopsis: book.synopsis,
      publicationYear: 2012,
      categoryId,
      categoryName: 'Sastra Indonesia',
      price: book.price,
      currency: book.currency,
      stock: 4,
      lowStockThreshold: 3,
      ...fields,
    });
    expect(await eventsOf(book.id)).toEqual([
      { type: 'book.created', payload: whole({ title: 'Gadis Kretek', updatedAt: book.updatedAt }) },
      { type: 'book.updated', payload: whole({ title: 'Gadis Pantai', updatedAt: changed.body.updatedAt }) },
      { type: 'book.deleted', payload: { bookId: book.id } },
    ]);
  });

  it('records nothing when a change is refused', async () => {
    const book = await createBook(sut, categoryId);
    const refused = await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body: { categoryId: '0190f3a1-0000-7000-8000-000000000000' } });
    expect(refused.status).toBe(400);
    expect((await eventsOf(book.id)).map((event) => event.type)).toEqual(['book.created']);
  });
});
