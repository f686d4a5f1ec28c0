import { BOOK_CREATED, BOOK_DELETED, BOOK_UPDATED, EVENT_CANCELLED, EVENT_PUBLISHED, EVENT_UPDATED, STOCK_CHANGED } from '@pustaka/contracts';
import type { BookPayload, EventDetailsPayload } from '@pustaka/contracts';
import type { Transaction } from '@pustaka/kit/db';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import {
  addToVocabulary,
  ensureDocument,
  replaceSuggestions,
  setBookContentIfNewer,
  setEventContentIfNewer,
  setStockIfNewer,
  withdrawIfNewer,
} from './documents.repository.ts';
import type { DocumentText } from './documents.repository.ts';
import type { IndexedEvent } from './indexed-events.ts';

/**
 * Applies one event to the search index, in the consumer's transaction. Each document keeps the id
 * of the newest event applied to its content and to its stock (ids are UUIDv7, ordered by when the
 * owner recorded them, and an owner records a book's events one change after another), so an event
 * delivered late changes nothing that a newer one already set.
 */
export async function indexEvent(ctx: DiscoveryContext, trx: Transaction<DiscoveryTables>, event: IndexedEvent): Promise<void> {
  const at = ctx.now();
  switch (event.type) {
    case BOOK_CREATED:
    case BOOK_UPDATED:
      return indexBook(trx, event.id, event.payload, at);
    case BOOK_DELETED:
      return withdraw(trx, event.payload.bookId, 'book', event.id, at);
    case STOCK_CHANGED:
      await ensureDocument(trx, event.payload.bookId, 'book', at);
      return setStockIfNewer(trx, event.payload.bookId, event.id, event.payload.stock, at);
    case EVENT_PUBLISHED:
    case EVENT_UPDATED:
      return indexTicketedEvent(trx, event.id, event.payload, at);
    case EVENT_CANCELLED:
      return withdraw(trx, event.payload.eventId, 'event', event.id, at);
  }
}

async function indexBook(trx: Transaction<DiscoveryTables>, version: string, book: BookPayload, at: Date): Promise<void> {
  await ensureDocument(trx, book.bookId, 'book', at);
  const text: DocumentText = {
    title: plain(book.title),
    people: book.authors.map(plain),
    body: plain(book.synopsis),
    categoryName: plain(book.categoryName) || null,
  };
  const fields = { categoryId: book.categoryId, publicationYear: book.publicationYear, isbn: book.isbn, price: book.price, currency: book.currency };
  if (await setBookContentIfNewer(trx, book.bookId, version, text, fields, at)) {
    await afterContentChange(trx, book.bookId, text);
  }
  // A book's events carry its stock too: as current as a stock.changed recorded before it.
  await setStockIfNewer(trx, book.bookId, version, book.stock, at);
}

async function indexTicketedEvent(trx: Transaction<DiscoveryTables>, version: string, event: EventDetailsPayload, at: Date): Promise<void> {
  await ensureDocument(trx, event.eventId, 'event', at);
  const text: DocumentText = { title: plain(event.title), people: [], body: plain(`${event.description}\n${event.venue}`), categoryName: null };
  const fields = {
    venue: plain(event.venue),
    startsAt: new Date(event.startsAt),
    endsAt: new Date(event.endsAt),
    timezone: event.timezone,
    price: event.priceFrom,
    currency: event.currency,
  };
  if (await setEventContentIfNewer(trx, event.eventId, version, text, fields, at)) {
    await afterContentChange(trx, event.eventId, text);
  }
}

async function withdraw(trx: Transaction<DiscoveryTables>, id: string, type: 'book' | 'event', version: string, at: Date): Promise<void> {
  await ensureDocument(trx, id, type, at);
  if (await withdrawIfNewer(trx, id, version, at)) await replaceSuggestions(trx, id, []);
}

async function afterContentChange(trx: Transaction<DiscoveryTables>, id: string, text: DocumentText): Promise<void> {
  await addToVocabulary(trx, [text.title, ...text.people, text.categoryName ?? '']);
  await replaceSuggestions(trx, id, [{ kind: 'title', label: text.title }, ...text.people.map((label) => ({ kind: 'author' as const, label }))]);
}

/**
 * Text without control characters: snippets mark matches with two of them (see `snippets.ts`),
 * so a title cannot forge a highlight.
 */
function plain(text: string): string {
  // oxlint-disable-next-line no-control-regex -- removing them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}
