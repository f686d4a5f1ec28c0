import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { searchDocuments } from './0001-search-documents.ts';
import { rebuilds } from './0003-rebuilds.ts';
import { recommendations } from './0002-recommendations.ts';
import { categories } from './0004-categories.ts';

/** Every discovery migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_search_documents': searchDocuments,
  // The inbox and dead letters: each consumed event applied exactly once.
  '0002_outbox_inbox': busMigration,
  '0003_rebuilds': rebuilds,
  '0003_recommendations': recommendations,
  '0004_categories': categories,
};
