import { counter, fromZero } from '@pustaka/kit/metrics';

/**
 * Stock the catalog refused because it was not there: an order's reservation (OUT_OF_STOCK) or a
 * staff correction larger than the shelf (INSUFFICIENT_STOCK). A rise while stock levels look
 * healthy points at reservations that are not released.
 */
export const stockConflicts = () =>
  fromZero(
    counter('pustaka_catalog_stock_conflicts_total', 'Stock changes refused for want of stock, by operation (reserve, adjust)', ['operation']),
    'operation',
    ['reserve', 'adjust'],
  );

/** Expired held reservations the sweep settled: committed (their order had landed) or released (it never did). */
export const reservationsSwept = () =>
  fromZero(
    counter('pustaka_catalog_reservations_swept_total', 'Expired held reservations settled by the sweep, by outcome (committed, released)', ['outcome']),
    'outcome',
    ['committed', 'released'],
  );

// At start, not at the first occurrence: 0 is an answer, no series is a question.
stockConflicts();
reservationsSwept();
