import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * The search read model: one document per book or event, the words typos are corrected to, and
 * the titles and names type-ahead offers. Built only from the events discovery consumes.
 */
export const searchDocuments: Migration = {
  async up(db: Kysely<any>) {
    // Database-wide and trusted (a database owner may create them); in `public`, where queries
    // find them on the default search_path, whichever schema a migration runs in.
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`create extension if not exists unaccent with schema public`.execute(db);
    // Text search configurations that fold accents before stemming ("García" and "Garcia" are one
    // word): English and Indonesian stemming, and `simple` for names and words typed half-way.
    for (const [name, stem] of [
      ['english', 'english_stem'],
      ['indonesian', 'indonesian_stem'],
      ['simple', 'simple'],
    ] as const) {
      await sql`create text search configuration ${sql.id(`folded_${name}`)} (copy = ${sql.raw(`pg_catalog.${name}`)})`.execute(db);
      await sql`alter text search configuration ${sql.id(`folded_${name}`)} alter mapping for hword, hword_part, word with public.unaccent, ${sql.raw(stem)}`.execute(
        db,
      );
    }

    await sql`
      create table documents (
        id uuid primary key,
        type text not null constraint documents_type_check check (type in ('book', 'event')),
        -- false for a deleted book or a cancelled event (kept so an older event cannot bring it
        -- back) and for a book known so far only from a stock change
        searchable boolean not null,
        title text not null,
        -- authors of a book; an event names none
        people text[] not null,
        -- a book's synopsis, an event's description and venue
        body text not null,
        search_vector tsvector not null,
        category_id uuid,
        category_name text,
        publication_year integer,
        isbn text,
        price integer,
        currency char(3),
        stock integer,
        venue text,
        starts_at timestamptz,
        ends_at timestamptz,
        timezone text,
        -- the id (a UUIDv7, so time-ordered) of the newest event applied to the content and to
        -- the stock: an older event arriving late changes nothing
        content_version uuid,
        stock_version uuid,
        updated_at timestamptz not null
      )`.execute(db);
    // No pending list (fastupdate): matches are found through the index from the first event on,
    // not only after a vacuum has merged what was written.
    await sql`create index documents_search_vector_idx on documents using gin (search_vector) with (fastupdate = off) where searchable`.execute(db);

    // Every word of the titles, names and categories, folded: what a misspelt word is corrected to.
    await sql`create table vocabulary (word text primary key)`.execute(db);
    await sql`create index vocabulary_word_trgm_idx on vocabulary using gist (word public.gist_trgm_ops)`.execute(db);

    // Type-ahead: a document's title and each of its authors, folded for matching.
    await sql`
      create table suggestions (
        document_id uuid not null references documents (id) on delete cascade,
        kind text not null constraint suggestions_kind_check check (kind in ('title', 'author')),
        label text not null,
        folded text not null,
        primary key (document_id, kind, label)
      )`.execute(db);
    await sql`create index suggestions_folded_trgm_idx on suggestions using gin (folded public.gin_trgm_ops) with (fastupdate = off)`.execute(db);
    await sql`create index suggestions_folded_prefix_idx on suggestions (folded text_pattern_ops)`.execute(db);
  },
};
