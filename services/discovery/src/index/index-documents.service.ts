import { BOOK_CREATED, BOOK_DELETED, BOOK_UPDATED, CATEGORY_UPDATED, EVENT_CANCELLED, EVENT_PUBLISHED, EVENT_UPDATED, STOCK_CHANGED } from '@pustaka/contracts';
import type { BookPayload, CategoryPayload, EventDetailsPayload } from '@pustaka/contracts';
import type { Transaction } from '@pustaka/kit/db';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryDb, DiscoveryTables } from '../discovery.tables.ts';
import { applyToReadModels } from '../read-models/apply-to-read-models.ts';
import { rememberCategoryName, setCategoryNameIfNewer } from './categories.repository.ts';
import {
  addToVocabulary,
  ensureDocument,
  renameCategoryOfDocuments,
  replaceSuggestions,
  setBookContentIfNewer,
  setEventContentIfNewer,
  setStockIfNewer,
  withdrawIfNewer,
} from './documents.repository.ts';
import type { DocumentText, Version } from './documents.repository.ts';
import { bookDocument, categoryNameOf, eventDocument, suggestionsOf, vocabularyOf } from './indexed-documents.ts';
import type { BookDocument, EventDocument } from './indexed-documents.ts';
import type { IndexedEvent } from './indexed-events.ts';

/**
 * Applies one event to the search index, in the consumer's transaction (and to the index a rebuild
 * is building, while one runs: see `applyToReadModels`). Each document keeps the id of the newest
 * event applied to its content and to its stock (ids are UUIDv7, ordered by when the owner recorded
 * them, and an owner records a book's events one change after another), so an event delivered late
 * changes nothing that a newer one already set.
 */
export async function indexEvent(ctx: DiscoveryContext, trx: Transaction<DiscoveryTables>, event: IndexedEvent): Promise<void> {
  const at = ctx.now();
  await applyToReadModels(trx, (db) => indexEventInto(db, event, at));
}

async function indexEventInto(db: DiscoveryDb, event: IndexedEvent, at: Date): Promise<void> {
  switch (event.type) {
    case BOOK_CREATED:
    case BOOK_UPDATED:
      return indexBook(db, event.payload, { content: event.id, stock: event.id }, at);
    case BOOK_DELETED:
      return withdraw(db, event.payload.bookId, 'book', event.id, at);
    case CATEGORY_UPDATED:
      return renameCategory(db, event.payload, event.id, at);
    case STOCK_CHANGED:
      await ensureDocument(db, event.payload.bookId, 'book', at);
      return setStockIfNewer(db, event.payload.bookId, event.id, event.payload.stock, at);
    case EVENT_PUBLISHED:
    case EVENT_UPDATED:
      return indexTicketedEvent(db, event.payload, event.id, at);
    case EVENT_CANCELLED:
      return withdraw(db, event.payload.eventId, 'event', event.id, at);
  }
}

/**
 * Sets a book's content and stock, each unless the document holds a newer version of it. A book's
 * events carry its stock too: as current as a stock.changed recorded before it.
 */
export async function indexBook(db: DiscoveryDb, book: BookPayload, versions: { content: Version; stock: Version }, at: Date): Promise<void> {
  const { text, fields, stock }: BookDocument = bookDocument(await filedUnderNewestName(db, book, versions.content));
  await ensureDocument(db, book.bookId, 'book', at);
  if (await setBookContentIfNewer(db, book.bookId, versions.content, text, fields, at)) await afterContentChange(db, book.bookId, text);
  await setStockIfNewer(db, book.bookId, versions.stock, stock, at);
}

/**
 * The book with its category's newest name: the one its event carries, unless an event recorded
 * after it (a rename, or another book's event) told a newer one.
 */
async function filedUnderNewestName(db: DiscoveryDb, book: BookPayload, version: Version): Promise<BookPayload> {
  const name = categoryNameOf(book.categoryName);
  if (name === null) return book;
  return { ...book, categoryName: await rememberCategoryName(db, book.categoryId, name, version) };
}

/**
 * Files a category's books under its new name, unless a newer event told its name already (a
 * rename delivered late changes nothing).
 */
export async function renameCategory(db: DiscoveryDb, category: CategoryPayload, version: Version, at: Date): Promise<void> {
  const name = categoryNameOf(category.name);
  if (name === null || !(await setCategoryNameIfNewer(db, category.categoryId, name, version))) return;
  await addToVocabulary(db, [name]);
  await renameCategoryOfDocuments(db, category.categoryId, name, at);
}

/** Sets a ticketed event's content unless the document holds a newer version of it. */
export async function indexTicketedEvent(db: DiscoveryDb, event: EventDetailsPayload, version: Version, at: Date): Promise<void> {
  const { text, fields }: EventDocument = eventDocument(event);
  await ensureDocument(db, event.eventId, 'event', at);
  if (await setEventContentIfNewer(db, event.eventId, version, text, fields, at)) await afterContentChange(db, event.eventId, text);
}

/** Takes a document out of search, unless it holds a newer version of its content. */
export async function withdraw(db: DiscoveryDb, id: string, type: 'book' | 'event', version: Version, at: Date): Promise<void> {
  await ensureDocument(db, id, type, at);
  if (await withdrawIfNewer(db, id, version, at)) await replaceSuggestions(db, id, []);
}

async function afterContentChange(db: DiscoveryDb, id: string, text: DocumentText): Promise<void> {
  await addToVocabulary(db, vocabularyOf(text));
  await replaceSuggestions(db, id, suggestionsOf(text));
}
