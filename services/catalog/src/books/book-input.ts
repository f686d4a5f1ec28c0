import { AppError } from '@pustaka/kit/errors';
import type { FieldError } from '@pustaka/kit/errors';
import type { BookRowChanges, NewBookRow } from './books.repository.ts';
import type { BookChanges, NewBook } from './books.schema.ts';
import { normalizeIsbn } from './isbn.ts';

/** Currencies in use today, from the runtime's ICU data (ISO 4217 minus withdrawn codes). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * The row for a new book: the checks a JSON schema cannot express (ISBN checksum, a year relative
 * to today, a currency that exists), text trimmed, ISBN stored as ISBN-13.
 */
export function toNewBookRow(input: NewBook, id: string, now: Date): NewBookRow {
  assertValid([...publicationYearErrors(input.publicationYear, now), ...currencyErrors(input.currency)]);
  return {
    id,
    title: input.title.trim(),
    authors: input.authors.map((author) => author.trim()),
    isbn: isbn13Of(input.isbn),
    synopsis: input.synopsis?.trim() ?? '',
    publication_year: input.publicationYear,
    price: input.price,
    currency: input.currency,
    stock: input.stock,
    location: input.location,
    category_id: input.categoryId,
    cover_url: input.coverUrl ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** The column changes of a PATCH, checked like a new book's fields. */
export function toBookRowChanges(changes: BookChanges, now: Date): BookRowChanges {
  assertValid([...publicationYearErrors(changes.publicationYear, now), ...currencyErrors(changes.currency)]);
  return {
    ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
    ...(changes.authors !== undefined ? { authors: changes.authors.map((author) => author.trim()) } : {}),
    ...(changes.isbn !== undefined ? { isbn: isbn13Of(changes.isbn) } : {}),
    ...(changes.synopsis !== undefined ? { synopsis: changes.synopsis.trim() } : {}),
    ...(changes.publicationYear !== undefined ? { publication_year: changes.publicationYear } : {}),
    ...(changes.price !== undefined ? { price: changes.price } : {}),
    ...(changes.currency !== undefined ? { currency: changes.currency } : {}),
    ...(changes.location !== undefined ? { location: changes.location } : {}),
    ...(changes.categoryId !== undefined ? { category_id: changes.categoryId } : {}),
    ...(changes.coverUrl !== undefined ? { cover_url: changes.coverUrl } : {}),
    updated_at: now,
  };
}

function isbn13Of(isbn: string): string {
  const normalized = normalizeIsbn(isbn);
  if (normalized === undefined) {
    throw new AppError('invalid', 'INVALID_ISBN', 'The ISBN is not a valid ISBN-10 or ISBN-13', {
      errors: [{ in: 'body', field: '/isbn', message: 'is not a valid ISBN-10 or ISBN-13 (check digit or length)' }],
    });
  }
  return normalized;
}

function publicationYearErrors(year: number | undefined, now: Date): FieldError[] {
  // Next year's books are announced and pre-sold; anything later is a typo.
  const latest = now.getUTCFullYear() + 1;
  return year !== undefined && year > latest ? [{ in: 'body', field: '/publicationYear', message: `must be ${latest} or earlier` }] : [];
}

function currencyErrors(currency: string | undefined): FieldError[] {
  return currency !== undefined && !CURRENCIES.has(currency) ? [{ in: 'body', field: '/currency', message: 'is not an ISO 4217 currency code in use' }] : [];
}

function assertValid(errors: FieldError[]): void {
  if (errors.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields', { errors });
}
