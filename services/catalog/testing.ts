/*
 * Factories for suites that need catalog data: this service's own tests and those of the services
 * and apps around it (`@pustaka/catalog/testing`). Check digits come from the catalog's own ISBN
 * rules, so a factory's ISBN is valid exactly when the catalog says so.
 */
import { randomUUID } from 'node:crypto';
import { checkDigit10, checkDigit13 } from './src/books/isbn.ts';

/**
 * The checksum-valid ISBN-13 numbered `n` after `prefix` (the 979 range unless another is given;
 * `n` below 10 to the power of the digits left): distinct numbers give distinct ISBNs, for a caller
 * that files many books and must never repeat one. A prefix such as `978602` (an Indonesian
 * publisher's range) makes the ISBNs look like those of the books it stands for.
 *
 * @example
 *   isbn13Of(42); // '9790000000421'
 *   isbn13Of(42, '978602'); // '9786020000428'
 */
export function isbn13Of(n: number, prefix = '979'): string {
  const digits = 12 - prefix.length;
  const first12 = `${prefix}${String(n % 10 ** digits).padStart(digits, '0')}`;
  return first12 + checkDigit13(first12);
}

/** A random, checksum-valid ISBN-13, so books made by factories never collide. */
export function randomIsbn13(): string {
  return isbn13Of(Math.floor(Math.random() * 1e9));
}

/** A random, checksum-valid ISBN-10 and the ISBN-13 it must be stored as. */
export function randomIsbn10(): { isbn10: string; isbn13: string } {
  const first9 = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const first12 = `978${first9}`;
  return { isbn10: first9 + checkDigit10(first9), isbn13: first12 + checkDigit13(first12) };
}

/** The body of `POST /api/categories`: a category with a unique name. */
export function newCategory(overrides: Record<string, unknown> = {}) {
  return { name: `Shelf ${randomUUID().slice(0, 8)}`, description: 'Books on a shelf', ...overrides };
}

/** The body of `POST /api/books`: a valid book with a random ISBN in the given category. */
export function newBook(categoryId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: `The Book of ${randomUUID().slice(0, 8)}`,
    authors: ['Ada Writer'],
    isbn: randomIsbn13(),
    synopsis: 'A story worth telling.',
    publicationYear: 2001,
    price: 1999,
    currency: 'USD',
    stock: 10,
    location: 'B2-14',
    categoryId,
    coverUrl: 'https://covers.example.com/book.jpg',
    ...overrides,
  };
}
