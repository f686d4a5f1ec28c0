import { sql } from '@pustaka/kit/db';
import type { RawBuilder, UpdateObject } from 'kysely';
import type { DiscoveryDb, DiscoveryTables, DocumentType } from '../discovery.tables.ts';

/** The searchable text of a document, weighted: title > people > body > category. */
export interface DocumentText {
  title: string;
  people: string[];
  body: string;
  categoryName: string | null;
}

/** A book's fields besides its text and its stock. */
export interface BookFields {
  categoryId: string;
  publicationYear: number;
  isbn: string;
  price: number;
  currency: string;
}

/** An event's fields besides its text. */
export interface EventFields {
  venue: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  price: number;
  currency: string;
}

/**
 * Makes sure a row exists for the document (unsearchable until content arrives), so the
 * conditional updates below have a row to compare versions on and to lock.
 */
export async function ensureDocument(db: DiscoveryDb, id: string, type: DocumentType, at: Date): Promise<void> {
  await db
    .insertInto('documents')
    .values({ id, type, searchable: false, title: '', people: [], body: '', search_vector: '', updated_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Replaces a book's content when `version` is newer than the content it holds; true when it did.
 * The stock is left alone (see `setStockIfNewer`).
 */
export function setBookContentIfNewer(db: DiscoveryDb, id: string, version: string, text: DocumentText, book: BookFields, at: Date): Promise<boolean> {
  const fields = { category_id: book.categoryId, publication_year: book.publicationYear, isbn: book.isbn, price: book.price, currency: book.currency };
  return replaceContentIfNewer(db, id, version, { ...searchableText(text), ...fields }, at);
}

/** Replaces an event's content when `version` is newer than the content it holds; true when it did. */
export function setEventContentIfNewer(db: DiscoveryDb, id: string, version: string, text: DocumentText, event: EventFields, at: Date): Promise<boolean> {
  const fields = {
    venue: event.venue,
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    timezone: event.timezone,
    price: event.price,
    currency: event.currency,
  };
  return replaceContentIfNewer(db, id, version, { ...searchableText(text), ...fields }, at);
}

/**
 * Takes a document out of search (a deleted book, a cancelled event) when `version` is newer than
 * its content, keeping the row as a tombstone so an older event arriving late cannot bring it back.
 */
export function withdrawIfNewer(db: DiscoveryDb, id: string, version: string, at: Date): Promise<boolean> {
  const blank = { searchable: false, title: '', people: [], body: '', category_name: null, search_vector: '' };
  return replaceContentIfNewer(db, id, version, blank, at);
}

type ContentColumns = UpdateObject<DiscoveryTables, 'documents'>;

function searchableText(text: DocumentText) {
  return { searchable: true, title: text.title, people: text.people, body: text.body, category_name: text.categoryName, search_vector: searchVectorOf(text) };
}

/** One conditional update for every content change: it applies only over older content. */
async function replaceContentIfNewer(db: DiscoveryDb, id: string, version: string, columns: ContentColumns, at: Date): Promise<boolean> {
  const updated = await db
    .updateTable('documents')
    .set({ ...columns, content_version: version, updated_at: at })
    .where('id', '=', id)
    .where(olderThan('content_version', version))
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Sets a book's stock when `version` is newer than the stock it holds. */
export async function setStockIfNewer(db: DiscoveryDb, id: string, version: string, stock: number, at: Date): Promise<void> {
  await db
    .updateTable('documents')
    .set({ stock, stock_version: version, updated_at: at })
    .where('id', '=', id)
    .where(olderThan('stock_version', version))
    .execute();
}

/** Adds the folded words of the texts (three letters or more) to the words typos are corrected to. */
export async function addToVocabulary(db: DiscoveryDb, texts: string[]): Promise<void> {
  await db
    .insertInto('vocabulary')
    .columns(['word'])
    .expression(
      db
        .selectFrom(sql<{ lexeme: string }>`unnest(to_tsvector('discovery.folded_simple', ${texts.join(' ')}))`.as('words'))
        .select('words.lexeme as word')
        .where(sql<boolean>`char_length(words.lexeme) >= 3`),
    )
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/** Replaces what type-ahead offers for a document (none when `entries` is empty). */
export async function replaceSuggestions(db: DiscoveryDb, documentId: string, entries: Array<{ kind: 'title' | 'author'; label: string }>): Promise<void> {
  await db.deleteFrom('suggestions').where('document_id', '=', documentId).execute();
  const unique = [...new Map(entries.filter((entry) => entry.label !== '').map((entry) => [`${entry.kind}\u0000${entry.label}`, entry])).values()];
  if (unique.length === 0) return;
  await db
    .insertInto('suggestions')
    .values(
      unique.map((entry) => ({ document_id: documentId, kind: entry.kind, label: entry.label, folded: sql<string>`lower(public.unaccent(${entry.label}))` })),
    )
    .execute();
}

/** The document's vector in both languages and unstemmed, accents folded, weighted A to D. */
function searchVectorOf(text: DocumentText): RawBuilder<string> {
  const parts: Array<[string, 'A' | 'B' | 'C' | 'D']> = [
    [text.title, 'A'],
    [text.people.join(' '), 'B'],
    [text.body, 'C'],
    [text.categoryName ?? '', 'D'],
  ];
  return sql<string>`${sql.join(
    parts.map(
      ([value, weight]) =>
        sql`setweight(to_tsvector('discovery.folded_english', ${value}) || to_tsvector('discovery.folded_indonesian', ${value}) || to_tsvector('discovery.folded_simple', ${value}), ${weight})`,
    ),
    sql` || `,
  )}`;
}

/** A version column that has seen nothing yet or only events older than `version` (UUIDv7 order). */
function olderThan(column: 'content_version' | 'stock_version', version: string) {
  return sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} < ${version}::uuid)`;
}
