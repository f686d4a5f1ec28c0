import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

export const items: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table items (
        id uuid primary key,
        name text not null constraint items_name_length check (char_length(name) between 1 and 200),
        created_at timestamptz not null
      )`.execute(db);
    // The list, newest first.
    await sql`create index items_created_at_idx on items (created_at desc, id desc)`.execute(db);
  },
};
