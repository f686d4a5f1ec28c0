import type { Kysely, Transaction } from '@pustaka/kit/db';

/** Rows of `notify.items`. */
export interface ItemTable {
  id: string;
  name: string;
  created_at: Date;
}

export interface NotifyTables {
  items: ItemTable;
}

/** Notify's schema, or a transaction on it: what repositories take first. */
export type NotifyDb = Kysely<NotifyTables> | Transaction<NotifyTables>;
