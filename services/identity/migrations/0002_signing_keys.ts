import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

export const signingKeys: Migration = {
  async up(db: Kysely<any>) {
    // `generation` is unique so replicas starting together agree on one key: the second insert of
    // a generation is ignored and both read the winner back.
    await sql`
      create table signing_keys (
        kid text primary key,
        generation int not null unique,
        public_jwk jsonb not null,
        private_jwk jsonb not null,
        created_at timestamptz not null
      )`.execute(db);
  },
};
