import type { BookPayload } from '@pustaka/contracts';
import type { Kysely, Transaction } from '@pustaka/kit/db';
import type { DiscoveryDb, DiscoveryTables } from '../discovery.tables.ts';
import type { ListedEvent } from '../owners/owner-listings.ts';
import { LIVE_SCHEMA } from '../read-models/read-model-schemas.ts';
import { holdSwapLockAlone } from '../read-models/read-models.repository.ts';
import { addNewCategories, findCategoryVersions } from './categories.repository.ts';
import { addSuggestions, addToVocabulary, findVersions, insertNewDocuments } from './documents.repository.ts';
import type { DocumentText, NewDocumentRow, Version } from './documents.repository.ts';
import { indexBook, indexTicketedEvent, withdraw } from './index-documents.service.ts';
import { bookDocument, categoryNameOf, eventDocument, suggestionsOf, vocabularyOf } from './indexed-documents.ts';

interface PageDocument {
  row: NewDocumentRow;
  /** What the live path applies when an event reached the rebuilt index first. */
  applyOver: (db: DiscoveryDb) => Promise<void>;
}

/**
 * Writes a page of the catalog's listing into the index a rebuild is building (`shadow`), in one
 * transaction between two of the consumers' (it holds the swap lock alone: no event is applied
 * halfway, and a page and a consumer never wait on each other's rows). Each book takes the versions
 * the live index holds for it: every event the live index applied before the rebuild captured
 * events was recorded before the page was read, so the page is at least as new as those. A book
 * that a captured event reached first is written only where the page is newer than what the event
 * set (as an event is), so an event newer than the page wins.
 *
 * @example
 *   for await (const books of catalogBooks(owners, { pageSize: 500 })) await indexBookPage(ctx.db.withSchema(SHADOW_SCHEMA), books, ctx.now());
 */
export async function indexBookPage(shadow: Kysely<DiscoveryTables>, books: BookPayload[], at: Date): Promise<void> {
  await writePage(
    shadow,
    books.map((book) => book.bookId),
    async (trx, versionsOf) => {
      const names = await categoryNamesOf(trx, books);
      return books.map((book): PageDocument => {
        const { text, fields, stock } = bookDocument({ ...book, categoryName: names.get(book.categoryId) ?? book.categoryName });
        const held = versionsOf(book.bookId);
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
    },
  );
}

/**
 * The name each category of the page is filed under: the page's, for a category the rebuilt index
 * does not hold yet (it takes the version the live index holds, as a book does), else the one it
 * holds, which a rename captured meanwhile may have set (a page read before it carries the old).
 */
async function categoryNamesOf(trx: Transaction<DiscoveryTables>, books: BookPayload[]): Promise<Map<string, string>> {
  const named = books.flatMap((book) => {
    const name = categoryNameOf(book.categoryName);
    return name === null ? [] : [{ id: book.categoryId, name }];
  });
  const versions = await findCategoryVersions(
    trx.withSchema(LIVE_SCHEMA),
    named.map((category) => category.id),
  );
  return addNewCategories(
    trx,
    named.map((category) => ({ ...category, version: versions.get(category.id) ?? null })),
  );
}

/**
 * Writes a page of ticketing's listing into the index a rebuild is building, as `indexBookPage`
 * writes books: a published event searchable, a cancelled one withdrawn (its details kept, as the
 * live index keeps them once `event.cancelled` withdraws it).
 */
export async function indexEventPage(shadow: Kysely<DiscoveryTables>, events: ListedEvent[], at: Date): Promise<void> {
  await writePage(
    shadow,
    events.map((event) => event.eventId),
    async (_trx, versionsOf) =>
      events.map((event): PageDocument => {
        const { text, fields } = eventDocument(event);
        const held = versionsOf(event.eventId);
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
      }),
  );
}

type HeldVersions = { content: Version; stock: Version };

/**
 * In one transaction holding the swap lock alone: reads the versions the live index holds for the
 * page's documents, inserts those the rebuilt index does not hold yet with their words and
 * type-ahead entries (a few statements for the whole page), and sends each one a captured event
 * wrote first the way of an event, through the live path's conditional writes.
 */
async function writePage(
  shadow: Kysely<DiscoveryTables>,
  ids: string[],
  documentsOf: (trx: Transaction<DiscoveryTables>, versionsOf: (id: string) => HeldVersions) => Promise<PageDocument[]>,
): Promise<void> {
  await shadow.transaction().execute(async (trx) => {
    await holdSwapLockAlone(trx);
    const versions = await findVersions(trx.withSchema(LIVE_SCHEMA), ids);
    const documents = await documentsOf(trx, (id) => ({ content: versions.get(id)?.content ?? null, stock: versions.get(id)?.stock ?? null }));
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
function blankRow(id: string, type: 'book' | 'event', versions: HeldVersions, at: Date): NewDocumentRow {
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
