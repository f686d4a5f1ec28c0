import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, failingFields, startCatalog } from './support.ts';
import { newBook, randomIsbn10 } from '../testing.ts';

const UNKNOWN_ID = '0190f3a1-0000-7000-8000-000000000000';

describeService('books', startCatalog, (sut) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut);
  });

  it('adds a book and reads it back with its id and timestamps', async () => {
    const input = newBook(categoryId, { title: '  Dune ', authors: ['Frank Herbert '], isbn: '978-0-306-40615-7' });
    const created = await sut.api.post('/api/books', { token: sut.tokens.staff, body: input });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/books/${created.body.id}`);
    expect(created.body).toEqual({
      ...input,
      title: 'Dune',
      authors: ['Frank Herbert'],
      isbn: '9780306406157',
      id: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: created.body.createdAt,
    });
    expect((await sut.api.get(`/api/books/${created.body.id}`)).body).toEqual(created.body);
  });

  it('accepts an ISBN-10, with an X check digit too, and stores it as ISBN-13', async () => {
    const { isbn10, isbn13 } = randomIsbn10();
    const spaced = `${isbn10.slice(0, 1)} ${isbn10.slice(1, 4)}-${isbn10.slice(4)}`;
    expect((await createBook(sut, categoryId, { isbn: spaced })).isbn).toBe(isbn13);
    expect((await createBook(sut, categoryId, { isbn: '0-8044-2957-X' })).isbn).toBe('9780804429573');
  });

  it('defaults the synopsis to empty and the cover to none', async () => {
    const { synopsis: _synopsis, coverUrl: _coverUrl, ...bare } = newBook(categoryId);
    const created = await sut.api.post('/api/books', { token: sut.tokens.staff, body: bare });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ synopsis: '', coverUrl: null });
  });

  it.each([
    ['a bad ISBN checksum', { isbn: '978-0-306-40615-8' }, 'INVALID_ISBN', ['/isbn']],
    ['an ISBN of the wrong length', { isbn: '12345' }, 'INVALID_ISBN', ['/isbn']],
    ['an ISBN with letters', { isbn: '978-0-306-4O615-7' }, 'INVALID_ISBN', ['/isbn']],
    ['an empty title', { title: '' }, 'VALIDATION_FAILED', ['/title']],
    ['a blank title', { title: '   ' }, 'VALIDATION_FAILED', ['/title']],
    ['a too long title', { title: 'x'.repeat(301) }, 'VALIDATION_FAILED', ['/title']],
    ['no authors', { authors: [] }, 'VALIDATION_FAILED', ['/authors']],
    ['too many authors', { authors: Array.from({ length: 21 }, (_, i) => `Author ${i}`) }, 'VALIDATION_FAILED', ['/authors']],
    ['a too long author', { authors: ['Ok', 'y'.repeat(121)] }, 'VALIDATION_FAILED', ['/authors/1']],
    ['a too long synopsis', { synopsis: 's'.repeat(5001) }, 'VALIDATION_FAILED', ['/synopsis']],
    ['a year before printing', { publicationYear: 1449 }, 'VALIDATION_FAILED', ['/publicationYear']],
    ['a year after next year', { publicationYear: new Date().getUTCFullYear() + 2 }, 'VALIDATION_FAILED', ['/publicationYear']],
    ['a fractional year', { publicationYear: 2001.5 }, 'VALIDATION_FAILED', ['/publicationYear']],
    ['a negative price', { price: -1 }, 'VALIDATION_FAILED', ['/price']],
    ['a fractional price', { price: 9.99 }, 'VALIDATION_FAILED', ['/price']],
    ['an absurd price', { price: 100_000_001 }, 'VALIDATION_FAILED', ['/price']],
    ['a lowercase currency', { currency: 'usd' }, 'VALIDATION_FAILED', ['/currency']],
    ['a currency that does not exist', { currency: 'ABC' }, 'VALIDATION_FAILED', ['/currency']],
    ['negative stock', { stock: -1 }, 'VALIDATION_FAILED', ['/stock']],
    ['a location that is no shelf code', { location: 'shelf 2' }, 'VALIDATION_FAILED', ['/location']],
    ['a categoryId that is not a UUID', { categoryId: 'fiction' }, 'VALIDATION_FAILED', ['/categoryId']],
    ['a cover that is not https', { coverUrl: 'http://covers.example.com/a.jpg' }, 'VALIDATION_FAILED', ['/coverUrl']],
    ['a too long cover URL', { coverUrl: `https://e.com/${'a'.repeat(2048)}` }, 'VALIDATION_FAILED', ['/coverUrl']],
    ['an unknown field', { binding: 'hardcover' }, 'VALIDATION_FAILED', ['/binding']],
  ])('rejects %s with 400 naming the field', async (_case, overrides, code, fields) => {
    const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(categoryId, overrides) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe(code);
    expect(failingFields(response.body)).toEqual(fields);
  });

  it('rejects a missing required field', async () => {
    const { isbn: _isbn, ...withoutIsbn } = newBook(categoryId);
    const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: withoutIsbn });
    expect(response.status).toBe(400);
    expect(failingFields(response.body)).toEqual(['/isbn']);
  });

  it('rejects a book filed under a category that does not exist', async () => {
    const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(UNKNOWN_ID) });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('UNKNOWN_CATEGORY');
    expect(failingFields(response.body)).toEqual(['/categoryId']);
  });

  it('answers 413 for a huge body', async () => {
    const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(categoryId, { synopsis: 'x'.repeat(100_000) }) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a second book with the same ISBN, however it is written', async () => {
    const { isbn10, isbn13 } = randomIsbn10();
    await createBook(sut, categoryId, { isbn: isbn13 });
    const again = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(categoryId, { isbn: isbn10 }) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ISBN_EXISTS');
    expect(failingFields(again.body)).toEqual(['/isbn']);
  });

  it('changes only the fields sent and moves updatedAt', async () => {
    const book = await createBook(sut, categoryId);
    const otherCategory = await createCategory(sut);
    const changes = { title: 'A New Title', price: 2599, categoryId: otherCategory, coverUrl: null, isbn: randomIsbn10().isbn10 };
    const response = await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.admin, body: changes });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ...book, ...changes, isbn: expect.stringMatching(/^978\d{10}$/), updatedAt: expect.any(String) });
    expect(response.body.updatedAt >= book.updatedAt).toBe(true);
    expect((await sut.api.get(`/api/books/${book.id}`)).body).toEqual(response.body);
  });

  it('validates a change like a new book and leaves stock to the stock endpoint', async () => {
    const book = await createBook(sut, categoryId);
    const taken = await createBook(sut, categoryId);
    const patch = (body: unknown) => sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body });
    expect((await patch({ isbn: taken.isbn })).body.code).toBe('ISBN_EXISTS');
    expect((await patch({ isbn: '9780306406158' })).body.code).toBe('INVALID_ISBN');
    expect((await patch({ categoryId: UNKNOWN_ID })).body.code).toBe('UNKNOWN_CATEGORY');
    expect(failingFields((await patch({ stock: 5 })).body)).toEqual(['/stock']);
    expect(failingFields((await patch({ location: 'b2-14' })).body)).toEqual(['/location']);
    expect(failingFields((await patch({ currency: 'XYZ' })).body)).toEqual(['/currency']);
    expect((await patch({})).status).toBe(400);
    expect((await sut.api.get(`/api/books/${book.id}`)).body).toEqual(book);
  });

  it('deletes a book, after which it is gone', async () => {
    const book = await createBook(sut, categoryId);
    expect((await sut.api.delete(`/api/books/${book.id}`, { token: sut.tokens.staff })).status).toBe(204);
    const gone = await sut.api.get(`/api/books/${book.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('BOOK_NOT_FOUND');
    expect((await sut.api.delete(`/api/books/${book.id}`, { token: sut.tokens.staff })).status).toBe(404);
    expect((await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body: { price: 1 } })).status).toBe(404);
  });

  it('answers 400 for a book id that is not a UUID', async () => {
    expect((await sut.api.get('/api/books/123')).status).toBe(400);
  });

  it('documents every book route in OpenAPI', async () => {
    const doc = await sut.api.get('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/books', '/api/books/{id}', '/api/books/{id}/stock', '/api/categories', '/api/categories/{id}']),
    );
    expect(doc.body.paths['/api/books'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(doc.body.paths['/api/books'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413']));
  });
});
