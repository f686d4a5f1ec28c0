import { sql } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Migration } from '@pustaka/kit/db';

export const categoriesAndBooks: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table categories (
        id uuid primary key,
        name text not null,
        slug text not null,
        description text,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`.execute(db);
    // "Fiction" and "fiction" are the same shelf to a reader.
    await sql`create unique index categories_name_key on categories (lower(name))`.execute(db);
    await sql`create unique index categories_slug_key on categories (slug)`.execute(db);

    await sql`
      create table books (
        id uuid primary key,
        title text not null,
        authors text[] not null,
        isbn char(13) not null,
        synopsis text not null default '',
        publication_year integer not null,
        price integer not null constraint books_price_nonnegative check (price >= 0),
        currency char(3) not null,
        stock integer not null constraint books_stock_nonnegative check (stock >= 0),
        location text not null,
        -- restrict: a category cannot vanish from under the books filed in it
        category_id uuid not null constraint books_category_id_fkey references categories (id) on delete restrict,
        cover_url text,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`.execute(db);
    await sql`create unique index books_isbn_key on books (isbn)`.execute(db);
    // The list's filters and sorts; id closes each sort key so pages are stable.
    await sql`create index books_category_id_idx on books (category_id, id)`.execute(db);
    await sql`create index books_title_idx on books (lower(title), id)`.execute(db);
    await sql`create index books_price_idx on books (price, id)`.execute(db);
    await sql`create index books_publication_year_idx on books (publication_year, id)`.execute(db);
    await sql`create index books_created_at_idx on books (created_at, id)`.execute(db);
  },
};
