import type { ColumnType, Generated, Kysely, Transaction } from '@pustaka/kit/db';
import type { RebuildTable } from '@pustaka/kit/rebuild';

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

/** Rows of `discovery.categories`: a category's name as the newest event told it (see the migration). */
export interface CategoryTable {
  id: string;
  name: string;
  version: string | null;
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

/** Rows of `discovery.rebuilds`: one run of rebuilding the read models from their owners. */
export type { RebuildState, RebuildStepProgress, RebuildTable } from '@pustaka/kit/rebuild';

/** Rows of `discovery.purchase_orders`: what recommendations keep of an order (see the migration). */
export interface PurchaseOrderTable {
  order_id: string;
  user_id: string;
  placed_at: Date | null;
  cancelled: boolean;
  book_ids: string[];
  quantities: number[];
}

/** Rows of `discovery.book_sales`: a book's units sold and their time-decayed score. */
export interface BookSalesTable {
  book_id: string;
  units: number;
  score: number;
}

/**
 * A `date` as `YYYY-MM-DD`. Select it as `day::text`: the drivers turn a bare date into a Date at
 * the process's local midnight.
 */
type Day = ColumnType<string, string, string>;

/** Rows of `discovery.book_sales_days`: a book's sales of one UTC day. */
export interface BookSalesDayTable {
  day: Day;
  book_id: string;
  units: number;
  score: number;
}

/** Rows of `discovery.book_sales_windows`: a book's sales in the last `days` days. */
export interface BookSalesWindowTable {
  days: number;
  book_id: string;
  units: number;
  score: number;
}

/** The one row of `discovery.sales_windows`: the UTC day the windows end on. */
export interface SalesWindowsTable {
  id: Generated<boolean>;
  today: Day;
}

/** Rows of `discovery.book_pairs`: how many orders hold both books. */
export interface BookPairTable {
  book_id: string;
  paired_book_id: string;
  orders: number;
}

/** Rows of `discovery.member_books`: a member's orders of a book, and their time-decayed score. */
export interface MemberBookTable {
  user_id: string;
  book_id: string;
  orders: number;
  score: number;
}

/** Rows of `discovery.booking_states`: what recommendations keep of a booking. */
export interface BookingStateTable {
  booking_id: string;
  user_id: string;
  event_id: string;
  confirmed: boolean;
  cancelled: boolean;
}

/** Rows of `discovery.member_events`: a member's bookings of an event that are not cancelled. */
export interface MemberEventTable {
  user_id: string;
  event_id: string;
  bookings: number;
}

/** Rows of `discovery.event_pairs`: how many members hold bookings for both events. */
export interface EventPairTable {
  event_id: string;
  paired_event_id: string;
  members: number;
}

export interface DiscoveryTables {
  documents: DocumentTable;
  categories: CategoryTable;
  vocabulary: VocabularyTable;
  suggestions: SuggestionTable;
  rebuilds: RebuildTable;
  purchase_orders: PurchaseOrderTable;
  book_sales: BookSalesTable;
  book_sales_days: BookSalesDayTable;
  book_sales_windows: BookSalesWindowTable;
  sales_windows: SalesWindowsTable;
  book_pairs: BookPairTable;
  member_books: MemberBookTable;
  booking_states: BookingStateTable;
  member_events: MemberEventTable;
  event_pairs: EventPairTable;
}

/** Discovery's schema, or a transaction on it: what repositories take first. */
export type DiscoveryDb = Kysely<DiscoveryTables> | Transaction<DiscoveryTables>;
