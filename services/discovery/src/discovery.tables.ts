import type { ColumnType, Kysely, Transaction } from '@pustaka/kit/db';

export type DocumentType = 'book' | 'event';

/** Rows of `discovery.documents`: a book or an event as search shows it (see the migration). */
export interface DocumentTable {
  id: string;
  type: DocumentType;
  searchable: boolean;
  title: string;
  people: string[];
  body: string;
  /** Written by the repository from title, people, body and category name; never by hand. */
  search_vector: string;
  category_id: string | null;
  category_name: string | null;
  publication_year: number | null;
  isbn: string | null;
  price: number | null;
  currency: string | null;
  stock: number | null;
  venue: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  timezone: string | null;
  content_version: string | null;
  stock_version: string | null;
  updated_at: Date;
}

/** Rows of `discovery.vocabulary`: the folded words a misspelt one is corrected to. */
export interface VocabularyTable {
  word: string;
}

/** Rows of `discovery.suggestions`: what type-ahead offers for a document. */
export interface SuggestionTable {
  document_id: string;
  kind: 'title' | 'author';
  label: string;
  folded: string;
}

export type RebuildState = 'running' | 'succeeded' | 'failed';

/** One step of a rebuild as its run records it. */
export interface RebuildStepProgress {
  name: string;
  state: 'waiting' | 'running' | 'done';
  /** What it has written so far: books, events, orders. */
  items: number;
}

/** Rows of `discovery.rebuilds`: one run of rebuilding the read models from their owners. */
export interface RebuildTable {
  id: string;
  state: RebuildState;
  /** Set once the shadow schema is ready: the consumers then apply each event to it too. */
  capturing: ColumnType<boolean, boolean | undefined, boolean>;
  steps: RebuildStepProgress[];
  error: string | null;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
}

export interface DiscoveryTables {
  documents: DocumentTable;
  vocabulary: VocabularyTable;
  suggestions: SuggestionTable;
  rebuilds: RebuildTable;
}

/** Discovery's schema, or a transaction on it: what repositories take first. */
export type DiscoveryDb = Kysely<DiscoveryTables> | Transaction<DiscoveryTables>;
