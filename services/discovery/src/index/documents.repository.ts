import { sql } from '@pustaka/kit/db';
import type { RawBuilder, UpdateObject } from 'kysely';
import type { DiscoveryDb, DiscoveryTables, DocumentTable, DocumentType } from '../discovery.tables.ts';

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
 * The id of the newest event a document's content or stock reflects (a UUIDv7, so ordered by when
 * the owner recorded it), or null for none: a rebuild's page read before any event reached the
 * index, which every event then supersedes.
 */
export type Version = string | null;

/**
 * Replaces a book's content when `version` is newer than the content it holds; true when it did.
 * The stock is left alone (see `setStockIfNewer`).
 */
export function setBookContentIfNewer(db: DiscoveryDb, id: string, version: Version, text: DocumentText, book: BookFields, at: Date): Promise<boolean> {
  const fields = { category_id: book.categoryId, publication_year: book.publicationYear, isbn: book.isbn, price: book.price, currency: book.currency };
  return replaceContentIfNewer(db, id, version, { ...searchableText(text), ...fields }, at);
}

/** Replaces an event's content when `version` is newer than the content it holds; true when it did. */
export function setEventContentIfNewer(db: DiscoveryDb, id: string, version: Version, text: DocumentText, event: EventFields, at: Date): Promise<boolean> {
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
export function withdrawIfNewer(db: DiscoveryDb, id: string, version: Version, at: Date): Promise<boolean> {
  return replaceContentIfNewer(db, id, version, WITHDRAWN, at);
}

/** What a withdrawn document keeps of its text: nothing, and no place in search. */
const WITHDRAWN = { searchable: false, title: '', people: [], body: '', category_name: null, search_vector: '' };

type ContentColumns = UpdateObject<DiscoveryTables, 'documents'>;

function searchableText(text: DocumentText) {
  const vector = searchVectorOf({ title: text.title, people: text.people.join(' '), body: text.body, categoryName: text.categoryName ?? '' });
  return { searchable: true, title: text.title, people: text.people, body: text.body, category_name: text.categoryName, search_vector: vector };
}

/** One conditional update for every content change: it applies only over older content. */
async function replaceContentIfNewer(db: DiscoveryDb, id: string, version: Version, columns: ContentColumns, at: Date): Promise<boolean> {
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
export async function setStockIfNewer(db: DiscoveryDb, id: string, version: Version, stock: number, at: Date): Promise<void> {
  await db
    .updateTable('documents')
    .set({ stock, stock_version: version, updated_at: at })
    .where('id', '=', id)
    .where(olderThan('stock_version', version))
    .execute();
}

/**
 * Files every searchable book of a category under its new name, each vector worked out afresh
 * from the text it holds (the name weighs least, as in `setBookContentIfNewer`). The books'
 * versions stay: the name is the category's, kept newest first in `categories`.
 */
export async function renameCategoryOfDocuments(db: DiscoveryDb, categoryId: string, name: string, at: Date): Promise<void> {
  const vector = searchVectorOf({
    title: sql<string>`title`,
    people: sql<string>`array_to_string(people, ' ')`,
    body: sql<string>`body`,
    categoryName: sql<string>`${name}::text`,
  });
  await db
    .updateTable('documents')
    .set({ category_name: name, search_vector: vector, updated_at: at })
    .where('category_id', '=', categoryId)
    .where('searchable', '=', true)
    .where('category_name', 'is distinct from', name)
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

/** The versions a document holds, by id. */
export async function findVersions(db: DiscoveryDb, ids: string[]): Promise<Map<string, { content: Version; stock: Version }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('documents').select(['id', 'content_version', 'stock_version']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { content: row.content_version, stock: row.stock_version }]));
}

/** A document written whole at once (a rebuild's page); its vector is worked out from its text. */
export type NewDocumentRow = Omit<DocumentTable, 'search_vector'>;

/** Every column of a document but its vector, as `jsonb_to_recordset` reads them. */
const RECORD_COLUMNS = {
  id: 'uuid',
  type: 'text',
  searchable: 'boolean',
  title: 'text',
  people: 'text[]',
  body: 'text',
  category_id: 'uuid',
  category_name: 'text',
  publication_year: 'integer',
  isbn: 'text',
  price: 'integer',
  currency: 'text',
  stock: 'integer',
  venue: 'text',
  starts_at: 'timestamptz',
  ends_at: 'timestamptz',
  timezone: 'text',
  content_version: 'uuid',
  stock_version: 'uuid',
  updated_at: 'timestamptz',
} as const satisfies Record<keyof NewDocumentRow, string>;

/**
 * Inserts documents that are not in the index yet, in one statement (the rows travel as one JSON
 * parameter); each searchable one gets its vector as `setBookContentIfNewer` would work it out.
 * The ids of those inserted: one already there was written by an event meanwhile, and is left as
 * the event left it.
 */
export async function insertNewDocuments(db: DiscoveryDb, documents: NewDocumentRow[]): Promise<Set<string>> {
  if (documents.length === 0) return new Set();
  const columns = Object.keys(RECORD_COLUMNS) as Array<keyof NewDocumentRow>;
  const definition = sql.raw(
    Object.entries(RECORD_COLUMNS)
      .map(([name, type]) => `${name} ${type}`)
      .join(', '),
  );
  const rows = sql<NewDocumentRow>`jsonb_to_recordset(${JSON.stringify(documents)}::jsonb)`.as<'v'>(sql`v(${definition})`);
  const vector = searchVectorOf({
    title: sql<string>`v.title`,
    people: sql<string>`array_to_string(v.people, ' ')`,
    body: sql<string>`v.body`,
    categoryName: sql<string>`coalesce(v.category_name, '')`,
  });
  const inserted = await db
    .insertInto('documents')
    .columns([...columns, 'search_vector'])
    .expression((eb) =>
      eb
        .selectFrom(rows)
        .select([
          ...columns.map((column) => sql.ref(`v.${column}`).as(column)),
          sql<string>`case when v.searchable then ${vector} else ''::tsvector end`.as('search_vector'),
        ]),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((row) => row.id));
}

/** Adds what type-ahead offers for new documents, in one statement (documents that had none). */
export async function addSuggestions(db: DiscoveryDb, entries: Array<{ documentId: string; kind: 'title' | 'author'; label: string }>): Promise<void> {
  const unique = [
    ...new Map(entries.filter((entry) => entry.label !== '').map((entry) => [`${entry.documentId}\u0000${entry.kind}\u0000${entry.label}`, entry])).values(),
  ];
  if (unique.length === 0) return;
  const rows = sql<{ document_id: string; kind: 'title' | 'author'; label: string }>`jsonb_to_recordset(${JSON.stringify(
    unique.map((entry) => ({ document_id: entry.documentId, kind: entry.kind, label: entry.label })),
  )}::jsonb)`.as<'s'>(sql`s(document_id uuid, kind text, label text)`);
  await db
    .insertInto('suggestions')
    .columns(['document_id', 'kind', 'label', 'folded'])
    .expression((eb) => eb.selectFrom(rows).select(['s.document_id', 's.kind', 's.label', sql<string>`lower(public.unaccent(s.label))`.as('folded')]))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The text of each weight of a document's vector: values, or the columns of rows being inserted. */
interface VectorText<T> {
  title: T;
  people: T;
  body: T;
  categoryName: T;
}

/** The document's vector in both languages and unstemmed, accents folded, weighted A to D. */
function searchVectorOf(text: VectorText<string | RawBuilder<string>>): RawBuilder<string> {
  const parts: Array<[string | RawBuilder<string>, 'A' | 'B' | 'C' | 'D']> = [
    [text.title, 'A'],
    [text.people, 'B'],
    [text.body, 'C'],
    [text.categoryName, 'D'],
  ];
  return sql<string>`${sql.join(
    parts.map(
      ([value, weight]) =>
        sql`setweight(to_tsvector('discovery.folded_english', ${value}) || to_tsvector('discovery.folded_indonesian', ${value}) || to_tsvector('discovery.folded_simple', ${value}), ${weight})`,
    ),
    sql` || `,
  )}`;
}

/**
 * A version column that has seen nothing yet or only events older than `version` (UUIDv7 order);
 * for no version, one that has seen nothing yet.
 */
function olderThan(column: 'content_version' | 'stock_version', version: Version) {
  if (version === null) return sql<boolean>`(${sql.ref(column)} is null)`;
  return sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} < ${version}::uuid)`;
}
