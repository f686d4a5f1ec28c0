import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * The name of each category the books' documents are filed under, as the newest event told it
 * (a book's event carries its category's name; `category.updated` a rename): a rename reaches
 * every document of the category, and an event that was recorded before it and arrives late does
 * not bring the old name back.
 */
export const categories: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table categories (
        id uuid primary key,
        name text not null,
        -- the id (a UUIDv7) of the newest event the name comes from; null for a rebuild's page
        -- read before any event reached the index
        version uuid
      )`.execute(db);
    // Only the case that can arise before this table existed: documents name categories it lacks.
    await sql`
      insert into categories (id, name, version)
      select distinct on (category_id) category_id, category_name, content_version
      from documents
      where searchable and category_id is not null and category_name is not null
      order by category_id, content_version desc nulls last`.execute(db);
  },
};
