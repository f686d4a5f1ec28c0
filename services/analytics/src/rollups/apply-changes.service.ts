import type { Transaction } from '@pustaka/kit/db';
import type { AnalyticsTables, BookingState } from '../analytics.tables.ts';
import { shopDayOf } from '../calendar/shop-calendar.ts';
import type { AnalyticsChange, BookChange, BookingStateChange, OrderPlaced, OrderSettled, StockMovement } from './analytics-change.ts';
import { bookingContribution } from './booking-contribution.ts';
import {
  ensureBookings,
  ensureOrders,
  findOrderLines,
  findUncategorisedLines,
  lockBookings,
  lockOrders,
  saveBookings,
  saveOrderLines,
  saveOrders,
} from './ledger.repository.ts';
import type { OrderLineRow, OrderRow, UncategorisedLine } from './ledger.repository.ts';
import { ensureBooks, lockBooks, saveBooks, saveCategories, saveCustomers, saveTicketedEvents } from './reference.repository.ts';
import type { BookRow } from './reference.repository.ts';
import { RollupDeltas } from './rollup-deltas.ts';
import { writeRollupDeltas } from './write-rollup-deltas.ts';

/** What applying changes needs: the shop's day and currency. */
export interface ShopTerms {
  timeZone: string;
  currency: string;
}

/** What a batch changed, for dropping the dashboard answers it made stale. */
export interface AppliedChanges {
  /** Shop days whose figures moved. */
  days: Set<string>;
  /** Whether anything shown beside the figures changed: a name, a category, capacity, the low-stock list. */
  reference: boolean;
}

/**
 * Applies facts to the rollups in the caller's transaction, in order, with the effect of applying
 * them one by one, and writes each rollup row once for the whole batch. The books, orders and
 * bookings a batch touches are locked first (books, then orders, then bookings, each in id order),
 * so two batches never interleave on one of them and never deadlock.
 *
 * Each order and booking keeps in the ledger what it added, so a fact applied twice changes
 * nothing (whatever the inbox says), a cancellation takes back exactly what its placement added
 * (on the day of the cancellation), and the totals do not depend on the order facts arrive in: a
 * cancellation that comes before its placement is kept, and when the placement comes, both are
 * applied at once, each on its own day.
 *
 * This is the one way into the rollups: the event consumer calls it, and so can a rebuild from the
 * owners' records, with facts made from them (see `AnalyticsChange`).
 *
 * @example
 *   await ctx.db.transaction().execute((trx) => applyChanges(trx, changes, { timeZone: 'Asia/Jakarta', currency: 'IDR' }));
 */
export async function applyChanges(trx: Transaction<AnalyticsTables>, changes: AnalyticsChange[], terms: ShopTerms): Promise<AppliedChanges> {
  const batch = await lockWhatChangesTouch(trx, changes);
  const deltas = new RollupDeltas();
  let reference = false;
  const dayOf = (at: string) => shopDayOf(at, terms.timeZone);
  for (const change of changes) {
    switch (change.kind) {
      case 'order-placed':
        placeOrder(batch, deltas, change, dayOf(change.at), change.currency === terms.currency);
        break;
      case 'order-cancelled':
        cancelOrder(batch, deltas, change, dayOf(change.at));
        break;
      case 'order-fulfilled':
        fulfilOrder(batch, deltas, change, dayOf(change.at));
        break;
      case 'booking':
        changeBooking(batch, deltas, change, dayOf(change.at), change.currency === terms.currency);
        break;
      case 'book':
        reference = changeBook(batch, deltas, change) || reference;
        break;
      case 'book-deleted': {
        const book = batch.books.get(change.bookId)!;
        if (isNewer(change.version, book.content_version)) {
          reference = true;
          batch.write(book, { deleted: true, content_version: change.version });
        }
        break;
      }
      case 'stock-moved':
        deltas.addStockMovement(dayOf(change.at), change.bookId, change.reason, change.delta, change.stock, change.version);
        reference = setStock(batch, change) || reference;
        break;
      case 'stock-level':
        reference = setStock(batch, change) || reference;
        break;
      case 'ticketed-event':
        reference = true;
        batch.ticketedEvents.set(
          change.eventId,
          newest(batch.ticketedEvents.get(change.eventId), {
            event_id: change.eventId,
            title: change.title,
            starts_at: new Date(change.startsAt),
            capacity: change.capacity ?? null,
            cancelled: change.cancelled,
            version: change.version,
          }),
        );
        break;
      case 'customer':
        reference = true;
        batch.customers.set(change.userId, newest(batch.customers.get(change.userId), { user_id: change.userId, name: change.name, version: change.version }));
        break;
    }
  }
  await saveBooks(
    trx,
    [...batch.changedBooks].map((id) => batch.books.get(id)!),
  );
  await saveCategories(trx, [...batch.categories.values()]);
  await saveCustomers(trx, [...batch.customers.values()]);
  await saveTicketedEvents(trx, [...batch.ticketedEvents.values()]);
  await saveOrders(
    trx,
    [...batch.changedOrders].map((id) => batch.orders.get(id)!),
  );
  await saveOrderLines(trx, [...batch.changedLines]);
  await saveBookings(
    trx,
    [...batch.changedBookings].map((id) => ({ booking_id: id, states: batch.bookings.get(id)! })),
  );
  await writeRollupDeltas(trx, deltas);
  return { days: deltas.days, reference };
}

/** The rows a batch works on, locked, and what it changed of them. */
class LockedBatch {
  readonly changedBooks = new Set<string>();
  readonly changedOrders = new Set<string>();
  readonly changedLines = new Set<OrderLineRow>();
  readonly changedBookings = new Set<string>();
  readonly categories = new Map<string, { category_id: string; name: string; version: string }>();
  readonly customers = new Map<string, { user_id: string; name: string; version: string }>();
  readonly ticketedEvents = new Map<
    string,
    { event_id: string; title: string; starts_at: Date; capacity: number | null; cancelled: boolean; version: string }
  >();
  readonly books: Map<string, BookRow>;
  readonly orders: Map<string, OrderRow>;
  readonly lines: Map<string, OrderLineRow[]>;
  readonly bookings: Map<string, BookingState[]>;
  /** The stored lines not yet filed under a category of the books the batch may give a first category. */
  readonly uncategorised: Map<string, UncategorisedLine[]>;

  constructor(
    books: BookRow[],
    orders: OrderRow[],
    lines: OrderLineRow[],
    bookings: Array<{ booking_id: string; states: BookingState[] }>,
    uncategorised: UncategorisedLine[],
  ) {
    this.books = new Map(books.map((row) => [row.book_id, row]));
    this.uncategorised = new Map();
    for (const line of uncategorised) this.uncategorised.set(line.book_id, [...(this.uncategorised.get(line.book_id) ?? []), line]);
    this.orders = new Map(orders.map((row) => [row.order_id, row]));
    this.lines = new Map(orders.map((row) => [row.order_id, lines.filter((line) => line.order_id === row.order_id)]));
    this.bookings = new Map(bookings.map((row) => [row.booking_id, row.states]));
  }

  write(book: BookRow, changes: Partial<BookRow>): void {
    Object.assign(book, changes);
    this.changedBooks.add(book.book_id);
  }

  writeOrder(order: OrderRow, changes: Partial<OrderRow>): void {
    Object.assign(order, changes);
    this.changedOrders.add(order.order_id);
  }
}

async function lockWhatChangesTouch(trx: Transaction<AnalyticsTables>, changes: AnalyticsChange[]): Promise<LockedBatch> {
  const books = new Map<string, string>();
  const orders = new Map<string, string>();
  const bookings = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'order-placed') {
      orders.set(change.orderId, change.userId);
      for (const line of change.lines) if (!books.has(line.bookId)) books.set(line.bookId, line.title);
    } else if (change.kind === 'order-cancelled' || change.kind === 'order-fulfilled') {
      orders.set(change.orderId, change.userId);
      for (const bookId of change.bookIds) if (!books.has(bookId)) books.set(bookId, '');
    } else if (change.kind === 'booking') {
      bookings.add(change.bookingId);
    } else if (change.kind === 'book' || change.kind === 'stock-level') {
      books.set(change.bookId, change.title);
    } else if (change.kind === 'book-deleted' || change.kind === 'stock-moved') {
      if (!books.has(change.bookId)) books.set(change.bookId, '');
    }
  }
  await ensureBooks(
    trx,
    [...books].map(([bookId, title]) => ({ bookId, title })),
  );
  const bookRows = await lockBooks(trx, [...books.keys()]);
  // Books a 'book' fact may file for the first time: their stored uncategorised lines, read at once
  // for the batch (the books are locked, so no other batch adds to them meanwhile).
  const described = new Set(changes.flatMap((change) => (change.kind === 'book' ? [change.bookId] : [])));
  const uncategorised = await findUncategorisedLines(
    trx,
    bookRows.filter((row) => row.category_id === null && described.has(row.book_id)).map((row) => row.book_id),
  );
  await ensureOrders(
    trx,
    [...orders].map(([orderId, userId]) => ({ orderId, userId })),
  );
  const orderRows = await lockOrders(trx, [...orders.keys()]);
  const lines = await findOrderLines(
    trx,
    orderRows.filter((row) => row.placed_on !== null).map((row) => row.order_id),
  );
  await ensureBookings(trx, [...bookings]);
  const bookingRows = await lockBookings(trx, [...bookings]);
  return new LockedBatch(bookRows, orderRows, lines, bookingRows, uncategorised);
}

function placeOrder(batch: LockedBatch, deltas: RollupDeltas, change: OrderPlaced, day: string, counted: boolean): void {
  const order = batch.orders.get(change.orderId)!;
  if (order.placed_on !== null) return;
  batch.writeOrder(order, { user_id: change.userId, placed_on: day, counted });
  if (!counted) {
    deltas.addToShopDay(day, { other_currency_orders: 1 });
    return;
  }
  const lines = change.lines.map((line, n): OrderLineRow => ({
    order_id: change.orderId,
    line: n,
    book_id: line.bookId,
    // The category the book is filed under now: a later move to another shelf leaves this sale where it was.
    category_id: batch.books.get(line.bookId)?.category_id ?? null,
    quantity: line.quantity,
    unit_price: line.unitPrice,
  }));
  batch.lines.set(change.orderId, lines);
  for (const line of lines) batch.changedLines.add(line);
  deltas.addOrder(day, order.user_id, lines.map(countedLine), 1);
  // Its cancellation came first: taken back now, on the day it happened.
  if (order.cancelled_on !== null) deltas.addOrder(order.cancelled_on, order.user_id, lines.map(countedLine), -1);
}

function cancelOrder(batch: LockedBatch, deltas: RollupDeltas, change: OrderSettled, day: string): void {
  const order = batch.orders.get(change.orderId)!;
  if (order.cancelled_on !== null) return;
  batch.writeOrder(order, { cancelled_on: day });
  if (order.placed_on === null || !order.counted) return;
  deltas.addOrder(day, order.user_id, (batch.lines.get(order.order_id) ?? []).map(countedLine), -1);
}

function fulfilOrder(batch: LockedBatch, deltas: RollupDeltas, change: OrderSettled, day: string): void {
  const order = batch.orders.get(change.orderId)!;
  if (order.fulfilled_on !== null) return;
  batch.writeOrder(order, { fulfilled_on: day });
  deltas.addToShopDay(day, { orders_fulfilled: 1 });
}

/**
 * A booking's seats and revenue per day follow from all its states in version order; a state
 * arriving late (or twice) moves the rollups by the difference it makes to that.
 */
function changeBooking(batch: LockedBatch, deltas: RollupDeltas, change: BookingStateChange, day: string, counted: boolean): void {
  const states = batch.bookings.get(change.bookingId)!;
  if (states.some((state) => state.version === change.version)) return;
  const before = bookingContribution(states);
  const next = [
    ...states,
    { version: change.version, day, eventId: change.eventId, seats: change.seats, total: change.total, counted, cancelled: change.cancelled },
  ].sort((a, b) => (a.version < b.version ? -1 : 1));
  const after = bookingContribution(next);
  for (const [key, value] of after) {
    const was = before.get(key) ?? { seats: 0, revenue: 0 };
    const [eventDay, eventId] = [key.slice(0, 10), key.slice(11)];
    deltas.addSeats(eventDay, eventId, value.seats - was.seats, value.revenue - was.revenue);
  }
  batch.bookings.set(change.bookingId, next);
  batch.changedBookings.add(change.bookingId);
}

/** A book's content: its title, its category (filing its uncategorised sales there), its threshold and stock. */
function changeBook(batch: LockedBatch, deltas: RollupDeltas, change: BookChange): boolean {
  const book = batch.books.get(change.bookId)!;
  const existing = batch.categories.get(change.categoryId);
  if (!existing || existing.version < change.version) {
    batch.categories.set(change.categoryId, { category_id: change.categoryId, name: change.categoryName, version: change.version });
  }
  let changed = setStock(batch, { ...change, threshold: change.lowStockThreshold });
  if (!isNewer(change.version, book.content_version)) return changed;
  const firstCategory = book.category_id === null;
  batch.write(book, {
    title: change.title,
    category_id: change.categoryId,
    deleted: false,
    content_version: change.version,
    ...(change.lowStockThreshold !== undefined ? { low_stock_threshold: change.lowStockThreshold } : {}),
  });
  if (firstCategory) fileUncategorisedSales(batch, deltas, book.book_id, change.categoryId);
  changed = true;
  return changed;
}

/**
 * The sales of a book counted before its category was known go under the category it has now:
 * added on the days they were placed, and taken back on the days they were cancelled.
 */
function fileUncategorisedSales(batch: LockedBatch, deltas: RollupDeltas, bookId: string, categoryId: string): void {
  const file = (line: OrderLineRow, order: { counted: boolean; placed_on: string | null; cancelled_on: string | null }) => {
    line.category_id = categoryId;
    batch.changedLines.add(line);
    if (!order.counted || order.placed_on === null) return;
    const revenue = line.quantity * line.unit_price;
    deltas.addCategorySale(order.placed_on, categoryId, revenue, line.quantity);
    if (order.cancelled_on !== null) deltas.addCategorySale(order.cancelled_on, categoryId, -revenue, -line.quantity);
  };
  const inBatch = new Set<string>();
  for (const [orderId, lines] of batch.lines) {
    inBatch.add(orderId);
    for (const line of lines) if (line.book_id === bookId && line.category_id === null) file(line, batch.orders.get(orderId)!);
  }
  for (const line of batch.uncategorised.get(bookId) ?? []) {
    if (inBatch.has(line.order_id)) continue;
    const { counted, placed_on, cancelled_on, ...row } = line;
    file(row, { counted, placed_on, cancelled_on });
  }
}

/** Sets a book's stock (and threshold) when the fact is newer than the stock it holds; true when the low-stock list may have changed. */
function setStock(
  batch: LockedBatch,
  change: Pick<StockMovement, 'bookId' | 'version' | 'stock'> & { threshold?: number | undefined; title?: string },
): boolean {
  const book = batch.books.get(change.bookId)!;
  if (!isNewer(change.version, book.stock_version)) return false;
  const wasLow = isLow(book);
  batch.write(book, {
    stock: change.stock,
    stock_version: change.version,
    ...(change.threshold !== undefined ? { low_stock_threshold: change.threshold } : {}),
    ...(book.title === '' && change.title ? { title: change.title } : {}),
  });
  return wasLow || isLow(book);
}

function isLow(book: BookRow): boolean {
  return !book.deleted && book.stock !== null && book.low_stock_threshold !== null && book.stock <= book.low_stock_threshold;
}

function isNewer(version: string, than: string | null): boolean {
  return than === null || version > than;
}

function newest<T extends { version: string }>(current: T | undefined, candidate: T): T {
  return current && current.version > candidate.version ? current : candidate;
}

function countedLine(line: OrderLineRow) {
  return { bookId: line.book_id, categoryId: line.category_id, quantity: line.quantity, unitPrice: line.unit_price };
}
