import type { BookPayload, EventDetailsPayload } from '@pustaka/contracts';
import type { BookFields, DocumentText, EventFields } from './documents.repository.ts';

/** A book as the index holds it: its text, its other fields and its stock. */
export interface BookDocument {
  text: DocumentText;
  fields: BookFields;
  stock: number;
}

/** A ticketed event as the index holds it: its text and its other fields. */
export interface EventDocument {
  text: DocumentText;
  fields: EventFields;
}

/**
 * A book as the index holds it, from the catalog's payload: the same from `book.created` and from
 * the catalog's listing, so a rebuilt index reads as the one the events built.
 *
 * @example
 *   const { text, fields, stock } = bookDocument(event.payload);
 */
export function bookDocument(book: BookPayload): BookDocument {
  return {
    text: { title: plain(book.title), people: book.authors.map(plain), body: plain(book.synopsis), categoryName: categoryNameOf(book.categoryName) },
    fields: { categoryId: book.categoryId, publicationYear: book.publicationYear, isbn: book.isbn, price: book.price, currency: book.currency },
    stock: book.stock,
  };
}

/**
 * A ticketed event as the index holds it, from ticketing's payload (`event.published` or its
 * listing): searched by its title, description and venue.
 *
 * @example
 *   const { text, fields } = eventDocument(event.payload);
 */
export function eventDocument(event: EventDetailsPayload): EventDocument {
  return {
    text: { title: plain(event.title), people: [], body: plain(`${event.description}\n${event.venue}`), categoryName: null },
    fields: {
      venue: plain(event.venue),
      startsAt: new Date(event.startsAt),
      endsAt: new Date(event.endsAt),
      timezone: event.timezone,
      price: event.priceFrom,
      currency: event.currency,
    },
  };
}

/** What type-ahead offers for a document: its title and each of its people. */
export function suggestionsOf(text: DocumentText): Array<{ kind: 'title' | 'author'; label: string }> {
  return [{ kind: 'title', label: text.title }, ...text.people.map((label) => ({ kind: 'author' as const, label }))];
}

/** The texts whose words typos are corrected to: title, people and category, not the body. */
export function vocabularyOf(text: DocumentText): string[] {
  return [text.title, ...text.people, text.categoryName ?? ''];
}

/** A category's name as documents hold it (null for none), from a book's event or a category's. */
export function categoryNameOf(name: string): string | null {
  return plain(name) || null;
}

/**
 * Text without control characters: snippets mark matches with two of them (see `snippets.ts`),
 * so a title cannot forge a highlight.
 */
function plain(text: string): string {
  // oxlint-disable-next-line no-control-regex -- removing them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}
