import { sql } from '@pustaka/kit/db';
import type { DiscoveryDb, PurchaseOrderTable } from '../discovery.tables.ts';
import type { KnownOrder } from './purchase-plan.ts';
import { addToCountedRows } from './counted-rows.repository.ts';
import type { CountedTable } from './counted-rows.repository.ts';

export type PurchaseOrderRow = PurchaseOrderTable;

export interface BookSalesDelta {
  bookId: string;
  units: number;
  score: number;
}

export interface BookSalesDayDelta extends BookSalesDelta {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
}

export interface BookSalesWindowDelta extends BookSalesDelta {
  days: number;
}

export interface BookPairDelta {
  bookId: string;
  pairedBookId: string;
  orders: number;
}

export interface MemberBookDelta {
  userId: string;
  bookId: string;
  orders: number;
  score: number;
}

/**
 * Locks the rows of the given orders, in order id order, first making an empty row (not placed,
 * not cancelled) for each not seen yet, so two transactions applying events of one order take
 * turns and the second sees what the first wrote (an order named twice is claimed once). Returns
 * every row, empty ones too.
 */
export async function claimPurchaseOrders(db: DiscoveryDb, orders: ReadonlyArray<{ orderId: string; userId: string }>): Promise<PurchaseOrderRow[]> {
  const sorted = [...new Map(orders.map((order) => [order.orderId, order])).values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  await db
    .insertInto('purchase_orders')
    .columns(['order_id', 'user_id', 'placed_at', 'cancelled', 'book_ids', 'quantities'])
    .expression(
      sql`select claimed.order_id, claimed.user_id, null::timestamptz, false, '{}'::uuid[], '{}'::integer[] from unnest(${sorted.map((order) => order.orderId)}::uuid[], ${sorted.map((order) => order.userId)}::uuid[]) as claimed (order_id, user_id)`,
    )
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
  return db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('order_id', '=', sql<string>`any(${sorted.map((order) => order.orderId)}::uuid[])`)
    .orderBy('order_id')
    .forUpdate()
    .execute();
}

/** Writes the state of orders claimed in this transaction (see `claimPurchaseOrders`). */
export async function savePurchaseOrders(db: DiscoveryDb, orders: readonly KnownOrder[]): Promise<void> {
  if (orders.length === 0) return;
  const rows = orders.map((order) => ({
    order_id: order.orderId,
    placed_at: order.placedAt?.toISOString() ?? null,
    cancelled: order.cancelled,
    book_ids: order.lines.map((line) => line.bookId),
    quantities: order.lines.map((line) => line.quantity),
  }));
  await db
    .updateTable('purchase_orders')
    .from(
      sql<PurchaseOrderRow>`(select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as saved (order_id uuid, placed_at timestamptz, cancelled boolean, book_ids uuid[], quantities integer[]))`.as(
        'saved',
      ),
    )
    .set((eb) => ({
      placed_at: eb.ref('saved.placed_at'),
      cancelled: eb.ref('saved.cancelled'),
      book_ids: eb.ref('saved.book_ids'),
      quantities: eb.ref('saved.quantities'),
    }))
    .whereRef('purchase_orders.order_id', '=', 'saved.order_id')
    .execute();
}

const BOOK_SALES: CountedTable<BookSalesDelta> = {
  name: 'book_sales',
  keys: [['bookId', 'book_id', 'uuid']],
  counters: [
    ['units', 'units', 'integer'],
    ['score', 'score', 'float8'],
  ],
  count: 'units',
};

/** Adds units and score to books' all-time sales; a book whose units come to nothing loses its row. */
export function addToBookSales(db: DiscoveryDb, deltas: readonly BookSalesDelta[]): Promise<void> {
  return addToCountedRows(db, BOOK_SALES, deltas);
}

const BOOK_SALES_DAYS: CountedTable<BookSalesDayDelta> = { ...BOOK_SALES, name: 'book_sales_days', keys: [['day', 'day', 'date'], ...BOOK_SALES.keys] };

/** Adds units and score to books' sales of a day; a book whose units that day come to nothing loses its row. */
export function addToBookSalesDays(db: DiscoveryDb, deltas: readonly BookSalesDayDelta[]): Promise<void> {
  return addToCountedRows(db, BOOK_SALES_DAYS, deltas);
}

const BOOK_SALES_WINDOWS: CountedTable<BookSalesWindowDelta> = {
  ...BOOK_SALES,
  name: 'book_sales_windows',
  keys: [['days', 'days', 'integer'], ...BOOK_SALES.keys],
};

/** Adds units and score to books' sales in windows; a book whose units in a window come to nothing leaves it. */
export function addToBookSalesWindows(db: DiscoveryDb, deltas: readonly BookSalesWindowDelta[]): Promise<void> {
  return addToCountedRows(db, BOOK_SALES_WINDOWS, deltas);
}

const BOOK_PAIRS: CountedTable<BookPairDelta> = {
  name: 'book_pairs',
  keys: [
    ['bookId', 'book_id', 'uuid'],
    ['pairedBookId', 'paired_book_id', 'uuid'],
  ],
  counters: [['orders', 'orders', 'integer']],
  count: 'orders',
};

/** Adds to the orders holding each pair of books; a pair no order holds any more loses its row. */
export function addToBookPairs(db: DiscoveryDb, deltas: readonly BookPairDelta[]): Promise<void> {
  return addToCountedRows(db, BOOK_PAIRS, deltas);
}

const MEMBER_BOOKS: CountedTable<MemberBookDelta> = {
  name: 'member_books',
  keys: [
    ['userId', 'user_id', 'uuid'],
    ['bookId', 'book_id', 'uuid'],
  ],
  counters: [
    ['orders', 'orders', 'integer'],
    ['score', 'score', 'float8'],
  ],
  count: 'orders',
};

/** Adds to a member's orders of each book; a book no order of theirs holds any more loses its row. */
export function addToMemberBooks(db: DiscoveryDb, deltas: readonly MemberBookDelta[]): Promise<void> {
  return addToCountedRows(db, MEMBER_BOOKS, deltas);
}
