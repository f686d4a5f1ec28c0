import type { Generated, Kysely, Transaction } from '@pustaka/kit/db';
import type { RebuildTable } from '@pustaka/kit/rebuild';

/**
 * Rows of analytics' tables (see the migration). Days and months are `date` columns, written as
 * `YYYY-MM-DD` text and read back as text (`::text`), never as a `Date`: a shop day is not an instant.
 */

export interface BookTable {
  book_id: string;
  title: string;
  category_id: string | null;
  stock: number | null;
  low_stock_threshold: number | null;
  deleted: Generated<boolean>;
  content_version: string | null;
  stock_version: string | null;
}

export interface CategoryTable {
  category_id: string;
  name: string;
  version: string;
}

export interface CustomerTable {
  user_id: string;
  name: string;
  version: string;
}

export interface TicketedEventTable {
  event_id: string;
  title: string;
  starts_at: Date | null;
  capacity: number | null;
  cancelled: Generated<boolean>;
  version: string | null;
}

export interface OrderTable {
  order_id: string;
  user_id: string;
  counted: Generated<boolean>;
  placed_on: string | null;
  cancelled_on: string | null;
  fulfilled_on: string | null;
}

export interface OrderLineTable {
  order_id: string;
  line: number;
  book_id: string;
  category_id: string | null;
  quantity: number;
  unit_price: number;
}

/** One state of a booking as an event told it. */
export interface BookingState {
  version: string;
  day: string;
  eventId: string;
  seats: number;
  total: number;
  /** In the shop's currency: only those add to the ticket revenue. */
  counted: boolean;
  cancelled: boolean;
}

export interface BookingTable {
  booking_id: string;
  states: BookingState[];
}

export interface ShopDayTable {
  day: string;
  orders_placed: number;
  orders_cancelled: number;
  orders_fulfilled: number;
  lines_placed: number;
  lines_cancelled: number;
  gross_revenue: number;
  refunded_revenue: number;
  units_sold: number;
  units_returned: number;
  seats_sold: number;
  ticket_revenue: number;
  other_currency_orders: number;
}

export interface BookDayTable {
  day: string;
  book_id: string;
  revenue: number;
  units: number;
}

export interface BookMonthTable {
  month: string;
  book_id: string;
  revenue: number;
  units: number;
}

export interface CustomerDayTable {
  day: string;
  user_id: string;
  spend: number;
  orders: number;
}

export interface CustomerMonthTable {
  month: string;
  user_id: string;
  spend: number;
  orders: number;
}

export interface CategoryDayTable {
  day: string;
  category_id: string;
  revenue: number;
  units: number;
}

export interface CategoryMonthTable {
  month: string;
  category_id: string;
  revenue: number;
  units: number;
}

export interface EventDayTable {
  day: string;
  event_id: string;
  seats: number;
  revenue: number;
}

export interface BookStockDayTable {
  book_id: string;
  day: string;
  restocked: number;
  corrected: number;
  reserved: number;
  released: number;
  sold: number;
  closing_stock: number;
  closing_version: string;
}

/** Rows of `analytics.rebuilds`: one run of rebuilding the rollups from their owners. */
export type { RebuildStepProgress, RebuildTable } from '@pustaka/kit/rebuild';

export interface AnalyticsTables {
  books: BookTable;
  categories: CategoryTable;
  customers: CustomerTable;
  ticketed_events: TicketedEventTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  bookings: BookingTable;
  shop_days: ShopDayTable;
  book_days: BookDayTable;
  book_months: BookMonthTable;
  customer_days: CustomerDayTable;
  customer_months: CustomerMonthTable;
  category_days: CategoryDayTable;
  category_months: CategoryMonthTable;
  event_days: EventDayTable;
  book_stock_days: BookStockDayTable;
  rebuilds: RebuildTable;
}

/** Analytics' schema, or a transaction on it: what repositories take first. */
export type AnalyticsDb = Kysely<AnalyticsTables> | Transaction<AnalyticsTables>;
