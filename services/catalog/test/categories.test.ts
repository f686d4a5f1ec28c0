import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, failingFields, startCatalog } from './support.ts';
import { newCategory } from '../testing.ts';

describeService('categories', startCatalog, (sut) => {
  it('creates a category with a slug derived from its name and reads it back', async () => {
    const created = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: { name: '  Ciência & Ficção Científica ' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/categories/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Ciência & Ficção Científica', slug: 'ciencia-ficcao-cientifica', description: null, bookCount: 0 });
    expect(new Date(created.body.createdAt).toISOString()).toBe(created.body.createdAt);

    const read = await sut.api.get(`/api/categories/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('keeps an explicit slug and rejects one that is not lowercase kebab-case', async () => {
    const created = await sut.api.post('/api/categories', { token: sut.tokens.admin, body: newCategory({ slug: 'staff-picks-2024' }) });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe('staff-picks-2024');

    const bad = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: newCategory({ slug: 'Staff Picks' }) });
    expect(bad.status).toBe(400);
    expect(failingFields(bad.body)).toEqual(['/slug']);
  });

  it('asks for a slug when none can be derived from the name', async () => {
    const response = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: { name: '小説' } });
    expect(response.status).toBe(400);
    expect(failingFields(response.body)).toEqual(['/slug']);
  });

  it('rejects a name taken in any case and a slug taken, with 409 CATEGORY_EXISTS', async () => {
    await createCategory(sut, { name: 'Travel Writing' });
    const sameName = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: { name: 'travel WRITING', slug: 'journeys' } });
    expect(sameName.status).toBe(409);
    expect(sameName.body.code).toBe('CATEGORY_EXISTS');
    expect(failingFields(sameName.body)).toEqual(['/name']);

    const sameSlug = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: { name: 'Travel-Writing!' } });
    expect(sameSlug.status).toBe(409);
    expect(failingFields(sameSlug.body)).toEqual(['/slug']);
  });

  it('rejects bad names, long descriptions and unknown fields', async () => {
    const response = await sut.api.post('/api/categories', {
      token: sut.tokens.staff,
      body: { name: 'x'.repeat(81), description: 'y'.repeat(1001), colour: 'red' },
    });
    expect(response.status).toBe(400);
    expect(failingFields(response.body)).toEqual(['/colour', '/description', '/name']);
    const blank = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: { name: '   ' } });
    expect(failingFields(blank.body)).toEqual(['/name']);
  });

  it('renames a category without changing its slug, and refuses a taken name', async () => {
    const id = await createCategory(sut, { name: 'Graphic Novels' });
    const renamed = await sut.api.patch(`/api/categories/${id}`, { token: sut.tokens.staff, body: { name: 'Comics', description: 'Sequential art' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Comics', slug: 'graphic-novels', description: 'Sequential art' });
    expect(renamed.body.updatedAt >= renamed.body.createdAt).toBe(true);

    const cleared = await sut.api.patch(`/api/categories/${id}`, { token: sut.tokens.staff, body: { description: '' } });
    expect(cleared.body.description).toBeNull();

    await createCategory(sut, { name: 'Manga' });
    const clash = await sut.api.patch(`/api/categories/${id}`, { token: sut.tokens.staff, body: { name: 'MANGA' } });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('CATEGORY_EXISTS');

    const empty = await sut.api.patch(`/api/categories/${id}`, { token: sut.tokens.staff, body: {} });
    expect(empty.status).toBe(400);
  });

  it('answers 404 for an unknown category and 400 for an id that is not a UUID', async () => {
    const unknown = '0190f3a1-0000-7000-8000-000000000000';
    expect((await sut.api.get(`/api/categories/${unknown}`)).body.code).toBe('CATEGORY_NOT_FOUND');
    expect((await sut.api.patch(`/api/categories/${unknown}`, { token: sut.tokens.staff, body: { name: 'Ghosts' } })).status).toBe(404);
    expect((await sut.api.delete(`/api/categories/${unknown}`, { token: sut.tokens.staff })).status).toBe(404);
    expect((await sut.api.get('/api/categories/not-a-uuid')).status).toBe(400);
  });

  it('deletes an empty category and refuses to delete one that still has books', async () => {
    const emptyId = await createCategory(sut);
    expect((await sut.api.delete(`/api/categories/${emptyId}`, { token: sut.tokens.staff })).status).toBe(204);
    expect((await sut.api.get(`/api/categories/${emptyId}`)).status).toBe(404);

    const fullId = await createCategory(sut);
    const book = await createBook(sut, fullId);
    const refused = await sut.api.delete(`/api/categories/${fullId}`, { token: sut.tokens.admin });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CATEGORY_NOT_EMPTY');

    await sut.api.delete(`/api/books/${book.id}`, { token: sut.tokens.staff });
    expect((await sut.api.delete(`/api/categories/${fullId}`, { token: sut.tokens.staff })).status).toBe(204);
  });

  it('lists every category sorted by name with its book count', async () => {
    const zebraId = await createCategory(sut, { name: 'Zoology' });
    const alphaId = await createCategory(sut, { name: 'aardvarks' });
    await createBook(sut, zebraId);
    await createBook(sut, zebraId);

    const list = await sut.api.get('/api/categories');
    expect(list.status).toBe(200);
    const names: string[] = list.body.items.map((category: { name: string }) => category.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names[0]).toBe('aardvarks');
    const byId = new Map(list.body.items.map((category: { id: string }) => [category.id, category]));
    expect(byId.get(zebraId)).toMatchObject({ bookCount: 2 });
    expect(byId.get(alphaId)).toMatchObject({ bookCount: 0 });
    expect((await sut.api.get(`/api/categories/${zebraId}`)).body.bookCount).toBe(2);
  });
});
