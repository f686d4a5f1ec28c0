/**
 * Rows in key order. Every batch writes its rows so, so two transactions writing overlapping rows
 * (two replicas, or a rebuild beside the consumer) lock them in the same order and never deadlock.
 *
 * @example
 *   sortedBy(rows, (row) => row.book_id);
 */
export function sortedBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
