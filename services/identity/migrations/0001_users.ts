import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

export const users: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table users (
        id uuid primary key,
        email text not null,
        name text not null,
        password_hash text not null,
        role text not null check (role in ('member', 'staff', 'admin')),
        disabled boolean not null default false,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`.execute(db);
    // Emails are stored normalised (trimmed, lower case), so a plain unique index is the rule.
    await sql`create unique index users_email_key on users (email)`.execute(db);
    await sql`create index users_newest_idx on users (created_at desc, id desc)`.execute(db);
  },
};
