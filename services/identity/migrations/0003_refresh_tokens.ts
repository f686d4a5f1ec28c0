import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

export const refreshTokens: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table refresh_families (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        created_at timestamptz not null,
        revoked_at timestamptz
      )`.execute(db);
    await sql`create index refresh_families_live_by_user_idx on refresh_families (user_id) where revoked_at is null`.execute(db);
    await sql`
      create table refresh_tokens (
        id uuid primary key,
        family_id uuid not null references refresh_families (id) on delete cascade,
        token_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null
      )`.execute(db);
    await sql`create unique index refresh_tokens_token_hash_key on refresh_tokens (token_hash)`.execute(db);
    await sql`create index refresh_tokens_family_idx on refresh_tokens (family_id)`.execute(db);
  },
};
