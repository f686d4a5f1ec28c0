import type { OrderSale } from './purchase-plan.ts';
import { firstDayOf, LONGEST_SALES_WINDOW, SALES_WINDOWS, saleWeight, utcDay } from './sales-decay.ts';
import type { BookPairDelta, BookSalesDayDelta, BookSalesDelta, BookSalesWindowDelta, MemberBookDelta } from './purchases.repository.ts';

/** What a set of sales adds to (or takes from) each table of sales, one row per key, in key order. */
export interface SalesDeltas {
  books: BookSalesDelta[];
  days: BookSalesDayDelta[];
  windows: BookSalesWindowDelta[];
  pairs: BookPairDelta[];
  memberBooks: MemberBookDelta[];
}

/**
 * Adds up what `sales` change, with the windows ending on `today`: every sale counts towards its
 * books' totals and its member's books; towards its day's row only while that day is in the
 * longest window, and towards a window only while its day is in it (a later day always is: the
 * windows have yet to reach it). An order adds 1 to each ordered pair of its distinct books.
 * Rows come sorted by key, so transactions that write the same rows lock them in one order.
 *
 * @example
 *   salesDeltas([{ sign: 1, userId, placedAt, lines: [{ bookId: a, quantity: 2 }, { bookId: b, quantity: 1 }] }], '2030-01-01', 30);
 *   // pairs: [{ bookId: a, pairedBookId: b, orders: 1 }, { bookId: b, pairedBookId: a, orders: 1 }], ...
 */
export function salesDeltas(sales: readonly OrderSale[], today: string, halfLifeDays: number): SalesDeltas {
  const books = new Sums<BookSalesDelta>(['units', 'score']);
  const days = new Sums<BookSalesDayDelta>(['units', 'score']);
  const windows = new Sums<BookSalesWindowDelta>(['units', 'score']);
  const pairs = new Sums<BookPairDelta>(['orders']);
  const memberBooks = new Sums<MemberBookDelta>(['orders', 'score']);
  const firstKeptDay = firstDayOf(LONGEST_SALES_WINDOW, today);
  for (const sale of sales) {
    const weight = saleWeight(sale.placedAt, halfLifeDays);
    const day = utcDay(sale.placedAt);
    for (const { bookId, quantity } of sale.lines) {
      const units = sale.sign * quantity;
      const score = units * weight;
      books.add([bookId], { bookId, units, score });
      memberBooks.add([sale.userId, bookId], { userId: sale.userId, bookId, orders: sale.sign, score: sale.sign * weight });
      if (day >= firstKeptDay) days.add([day, bookId], { day, bookId, units, score });
      for (const window of SALES_WINDOWS) {
        if (day >= firstDayOf(window, today)) windows.add([String(window).padStart(4, '0'), bookId], { days: window, bookId, units, score });
      }
      for (const other of sale.lines) {
        if (other.bookId !== bookId) pairs.add([bookId, other.bookId], { bookId, pairedBookId: other.bookId, orders: sale.sign });
      }
    }
  }
  return { books: books.rows(), days: days.rows(), windows: windows.rows(), pairs: pairs.rows(), memberBooks: memberBooks.rows() };
}

type Counter<Row> = { [Field in keyof Row]: Row[Field] extends number ? Field : never }[keyof Row];

/** Rows added up per key: their counters summed, the other fields kept from the first. */
class Sums<Row extends object> {
  readonly #counters: readonly Counter<Row>[];
  readonly #byKey = new Map<string, Row>();

  constructor(counters: readonly Counter<Row>[]) {
    this.#counters = counters;
  }

  add(key: string[], row: Row): void {
    const id = key.join('\u0000');
    const sum = this.#byKey.get(id);
    if (sum === undefined) {
      this.#byKey.set(id, { ...row });
      return;
    }
    for (const counter of this.#counters) (sum[counter] as number) += row[counter] as number;
  }

  /** The sums in key order, without those that came to nothing. */
  rows(): Row[] {
    return [...this.#byKey]
      .filter(([, row]) => this.#counters.some((counter) => row[counter] !== 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }
}
