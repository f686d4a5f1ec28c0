import type { AnalyticsTables } from '../analytics.tables.ts';

/** Where the rollups live and the dashboard reads them. */
export const LIVE_SCHEMA = 'analytics';

/**
 * Where a rebuild writes the rollups from scratch, by analytics' own migrations, while the live
 * ones keep answering; its tables then take the live ones' place in one transaction. It exists
 * only while a rebuild runs.
 */
export const SHADOW_SCHEMA = 'analytics_rebuild';

/**
 * The tables a rebuild makes from the owners' listings and swaps in. Not among them, kept as the
 * events made them: `customers` (no owner lists its members' names to analytics yet),
 * `book_stock_days` (no owner keeps the history of stock movements, only the stock now), the
 * inbox (the events applied stay applied) and the runs themselves.
 */
export const REBUILT_TABLES = [
  'books',
  'categories',
  'ticketed_events',
  'order_lines',
  'orders',
  'bookings',
  'shop_days',
  'book_days',
  'book_months',
  'customer_days',
  'customer_months',
  'category_days',
  'category_months',
  'event_days',
] as const satisfies ReadonlyArray<keyof AnalyticsTables>;
export type RebuiltTable = (typeof REBUILT_TABLES)[number];
