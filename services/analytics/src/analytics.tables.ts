import type { Kysely, Transaction } from '@pustaka/kit/db';

/** Rows of `analytics.items`. */
export interface ItemTable {
  id: string;
  name: string;
  created_at: Date;
}

export interface AnalyticsTables {
  items: ItemTable;
}

/** Analytics's schema, or a transaction on it: what repositories take first. */
export type AnalyticsDb = Kysely<AnalyticsTables> | Transaction<AnalyticsTables>;
