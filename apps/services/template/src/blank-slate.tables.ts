import type { Kysely, Transaction } from '@pustaka/kit/db';

/** Rows of `blank_slate.items`. */
export interface ItemTable {
  id: string;
  name: string;
  created_at: Date;
}

export interface BlankSlateTables {
  items: ItemTable;
}

/** Blank slate's schema, or a transaction on it: what repositories take first. */
export type BlankSlateDb = Kysely<BlankSlateTables> | Transaction<BlankSlateTables>;
