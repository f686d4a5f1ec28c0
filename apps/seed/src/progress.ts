/** Where a seed's progress goes: one line at a time. */
export type Print = (line: string) => void;

/** How often a phase says how far it is, at most. */
const EVERY_MS = 2_000;

/**
 * Counts the rows of one phase (books, orders, ...) and prints how far it is (of `total`, when
 * known) and at what rate, every two seconds and once at the end.
 *
 * @example
 *   const orders = progressOf('orders', 1_000_000, console.log);
 *   orders.add(5_000, 14_500); // every 2 s: '  orders: 5,000 of 1,000,000, 47,000 rows/s'
 *   orders.done(); // '  orders: 1,000,000 (2,900,000 rows) in 61.2 s, 47,000 rows/s'
 */
export function progressOf(phase: string, total: number | undefined, print: Print, now: () => number = () => performance.now()) {
  const started = now();
  let printed = started;
  let items = 0;
  let rows = 0;
  const rate = (at: number) => Math.round(rows / Math.max((at - started) / 1000, 0.001)).toLocaleString('en');
  return {
    /** `count` more items, written as `rowCount` rows (an order is its row and its items' rows). */
    add(count: number, rowCount = count): void {
      items += count;
      rows += rowCount;
      const at = now();
      if (at - printed < EVERY_MS) return;
      printed = at;
      print(`  ${phase}: ${items.toLocaleString('en')}${total === undefined ? '' : ` of ${total.toLocaleString('en')}`}, ${rate(at)} rows/s`);
    },
    /** Prints the phase's total and returns its rows and seconds. */
    done(): { rows: number; seconds: number } {
      const at = now();
      const seconds = (at - started) / 1000;
      print(`  ${phase}: ${items.toLocaleString('en')} (${rows.toLocaleString('en')} rows) in ${seconds.toFixed(1)} s, ${rate(at)} rows/s`);
      return { rows, seconds };
    },
  };
}
