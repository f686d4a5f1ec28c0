import { queryRows } from './pg.ts';

export interface LedgerCheck {
  books: number;
  /** Units gone from the shelves: initial stock − current stock, over every book. */
  sold: number;
  /** Units in orders that are not cancelled (orders database). */
  ordered: number;
  /** Units in held or committed reservations (catalog database). */
  reserved: number;
  /** Books where those three disagree, or whose stock is below zero: must be 0. */
  mismatched: number;
  /** Reservations still `held`: orders whose `order.placed` the catalog has not applied yet. */
  held: number;
  waitedMs: number;
}

type Units = { book_id: string; units: number };

/**
 * Checks every book's ledger across the two services' databases once the load has stopped:
 * initial − current stock = units ordered = units reserved, and stock ≥ 0. Requests still in
 * flight when the load ended (a reservation taken, its order not yet written) settle within
 * moments, so it polls, bounded, until the books agree.
 */
export async function checkStockLedger(urls: { catalog: string; orders: string }, initialStock: number, timeoutMs = 20_000): Promise<LedgerCheck> {
  const started = Date.now();
  for (;;) {
    const check = await readLedger(urls, initialStock);
    check.waitedMs = Date.now() - started;
    if (check.mismatched === 0 || Date.now() - started > timeoutMs) return check;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function readLedger(urls: { catalog: string; orders: string }, initialStock: number): Promise<LedgerCheck> {
  const [books, reservedRows, [heldRow]] = await Promise.all([
    queryRows<{ id: string; stock: number }>(urls.catalog, 'select id::text, stock from catalog.books'),
    queryRows<Units>(
      urls.catalog,
      `
      select l.book_id::text, sum(l.quantity)::int as units
      from catalog.stock_reservation_lines l join catalog.stock_reservations r using (order_id)
      where r.status in ('held', 'committed') group by l.book_id`,
    ),
    queryRows<{ held: number }>(urls.catalog, `select count(*)::int as held from catalog.stock_reservations where status = 'held'`),
  ]);
  // Read after the catalog: an order is only written once its reservation exists.
  const orderedRows = await queryRows<Units>(
    urls.orders,
    `
    select i.book_id::text, sum(i.quantity)::int as units
    from orders.order_items i join orders.orders o on o.id = i.order_id
    where o.status <> 'cancelled' group by i.book_id`,
  );
  const reserved = new Map(reservedRows.map((row) => [row.book_id, row.units]));
  const ordered = new Map(orderedRows.map((row) => [row.book_id, row.units]));
  const check: LedgerCheck = { books: books.length, sold: 0, ordered: 0, reserved: 0, mismatched: 0, held: heldRow!.held, waitedMs: 0 };
  const known = new Set(books.map((book) => book.id));
  for (const book of books) {
    const sold = initialStock - book.stock;
    const units = { ordered: ordered.get(book.id) ?? 0, reserved: reserved.get(book.id) ?? 0 };
    check.sold += sold;
    check.ordered += units.ordered;
    check.reserved += units.reserved;
    if (book.stock < 0 || sold !== units.ordered || sold !== units.reserved) check.mismatched += 1;
  }
  // Units ordered or reserved for a book the catalog does not have would be sold from nowhere.
  for (const id of new Set([...ordered.keys(), ...reserved.keys()])) if (!known.has(id)) check.mismatched += 1;
  return check;
}
