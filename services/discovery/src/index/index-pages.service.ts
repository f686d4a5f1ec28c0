import type { BookPayload } from '@pustaka/contracts';
import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryDb, DiscoveryTables } from '../discovery.tables.ts';
import type { ListedEvent } from '../owners/owner-listings.ts';
import { addSuggestions, addToVocabulary, findVersions, insertNewDocuments } from './documents.repository.ts';
import type { DocumentText, NewDocumentRow, Version } from './documents.repository.ts';
import { indexBook, indexTicketedEvent, withdraw } from './index-documents.service.ts';
import { bookDocument, eventDocument, suggestionsOf, vocabularyOf } from './indexed-documents.ts';

interface PageDocument {
  row: NewDocumentRow;
  /** What the live path applies when an event reached the rebuilt index first. */
  applyOver: (db: DiscoveryDb) => Promise<void>;
}

/**
 * Writes a page of the catalog's listing into the index a rebuild is building (`shadow`), in one
 * transaction. Each book takes the versions the live index holds for it: every event the live index
 * applied before the rebuild captured events was recorded before the page was read, so the page is
 * at least as new as those. A book that a captured event reached first is written only where the
 * page is newer than what the event set (as an event is), so an event newer than the page wins.
 *
 * @example
 *   for await (const books of catalogBooks(owners, { pageSize: 500 })) await indexBookPage(ctx.db, ctx.db.withSchema(SHADOW_SCHEMA), books, ctx.now());
 */
export async function indexBookPage(live: DiscoveryDb, shadow: Kysely<DiscoveryTables>, books: BookPayload[], at: Date): Promise<void> {
  const versions = await findVersions(
    live,
    books.map((book) => book.bookId),
  );
  const documents = books.map((book): PageDocument => {
    const { text, fields, stock } = bookDocument(book);
    const held = { content: versions.get(book.bookId)?.content ?? null, stock: versions.get(book.bookId)?.stock ?? null };
    return {
      row: {
        ...blankRow(book.bookId, 'book', held, at),
        ...textColumns(text),
        category_id: fields.categoryId,
        publication_year: fields.publicationYear,
        isbn: fields.isbn,
        price: fields.price,
        currency: fields.currency,
        stock,
      },
      applyOver: (db) => indexBook(db, book, held, at),
    };
  });
  await writePage(shadow, documents);
}

/**
 * Writes a page of ticketing's listing into the index a rebuild is building, as `indexBookPage`
 * writes books: a published event searchable, a cancelled one withdrawn (its details kept, as the
 * live index keeps them once `event.cancelled` withdraws it).
 */
export async function indexEventPage(live: DiscoveryDb, shadow: Kysely<DiscoveryTables>, events: ListedEvent[], at: Date): Promise<void> {
  const versions = await findVersions(
    live,
    events.map((event) => event.eventId),
  );
  const documents = events.map((event): PageDocument => {
    const { text, fields } = eventDocument(event);
    const held = { content: versions.get(event.eventId)?.content ?? null, stock: versions.get(event.eventId)?.stock ?? null };
    const cancelled = event.status === 'cancelled';
    return {
      row: {
        ...blankRow(event.eventId, 'event', held, at),
        ...(cancelled ? {} : textColumns(text)),
        price: fields.price,
        currency: fields.currency,
        venue: fields.venue,
        starts_at: fields.startsAt,
        ends_at: fields.endsAt,
        timezone: fields.timezone,
      },
      applyOver: (db) => (cancelled ? withdraw(db, event.eventId, 'event', held.content, at) : indexTicketedEvent(db, event, held.content, at)),
    };
  });
  await writePage(shadow, documents);
}

/**
 * Inserts the documents the rebuilt index does not hold yet, with their words and type-ahead
 * entries, in a few statements for the whole page; each one a captured event wrote first goes the
 * way of an event, through the live path's conditional writes.
 */
async function writePage(shadow: Kysely<DiscoveryTables>, documents: PageDocument[]): Promise<void> {
  await shadow.transaction().execute(async (trx) => {
    const inserted = await insertNewDocuments(
      trx,
      documents.map((document) => document.row),
    );
    const fresh = documents.filter((document) => inserted.has(document.row.id) && document.row.searchable).map((document) => document.row);
    await addToVocabulary(
      trx,
      fresh.flatMap((row) => vocabularyOf(textOf(row))),
    );
    await addSuggestions(
      trx,
      fresh.flatMap((row) => suggestionsOf(textOf(row)).map((entry) => ({ documentId: row.id, ...entry }))),
    );
    for (const document of documents.filter((each) => !inserted.has(each.row.id))) await document.applyOver(trx);
  });
}

/** A document out of search with no fields, as `ensureDocument` starts one, holding `versions`. */
function blankRow(id: string, type: 'book' | 'event', versions: { content: Version; stock: Version }, at: Date): NewDocumentRow {
  return {
    id,
    type,
    searchable: false,
    title: '',
    people: [],
    body: '',
    category_id: null,
    category_name: null,
    publication_year: null,
    isbn: null,
    price: null,
    currency: null,
    stock: null,
    venue: null,
    starts_at: null,
    ends_at: null,
    timezone: null,
    content_version: versions.content,
    stock_version: versions.stock,
    updated_at: at,
  };
}

function textColumns(text: DocumentText): Pick<NewDocumentRow, 'searchable' | 'title' | 'people' | 'body' | 'category_name'> {
  return { searchable: true, title: text.title, people: text.people, body: text.body, category_name: text.categoryName };
}

function textOf(row: NewDocumentRow): DocumentText {
  return { title: row.title, people: row.people, body: row.body, categoryName: row.category_name };
}
