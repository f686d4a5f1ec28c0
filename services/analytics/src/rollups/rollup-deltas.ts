import type { StockChangeReason } from '@pustaka/contracts';
import { monthOf } from '../calendar/shop-calendar.ts';

/** What one shop day's totals move by. */
export interface ShopDayDelta {
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

/** What a book's or a category's sales move by in one period. */
export interface SalesDelta {
  revenue: number;
  units: number;
}

/** What a customer's spend moves by in one period. */
export interface SpendDelta {
  spend: number;
  orders: number;
}

/** What a ticketed event's seats and revenue move by on one day. */
export interface SeatsDelta {
  seats: number;
  revenue: number;
}

export const STOCK_COLUMNS = {
  restock: 'restocked',
  correction: 'corrected',
  reservation: 'reserved',
  release: 'released',
  sale: 'sold',
} as const satisfies Record<StockChangeReason, string>;
type StockColumn = (typeof STOCK_COLUMNS)[StockChangeReason];

/** One book's stock movements on one day, and the stock after the newest of them. */
export type StockDayDelta = Record<StockColumn, number> & { closing_stock: number; closing_version: string };

/** An order line as the rollups count it. */
export interface CountedLine {
  bookId: string;
  categoryId: string | null;
  quantity: number;
  unitPrice: number;
}

const emptyShopDay = (): ShopDayDelta => ({
  orders_placed: 0,
  orders_cancelled: 0,
  orders_fulfilled: 0,
  lines_placed: 0,
  lines_cancelled: 0,
  gross_revenue: 0,
  refunded_revenue: 0,
  units_sold: 0,
  units_returned: 0,
  seats_sold: 0,
  ticket_revenue: 0,
  other_currency_orders: 0,
});

/**
 * The rollup changes of a batch of facts, summed per row before anything is written: a batch of a
 * hundred orders on one day moves the day's row once. Keys are `day|id` (or `month|id`).
 */
export class RollupDeltas {
  readonly shopDays = new Map<string, ShopDayDelta>();
  readonly bookDays = new Map<string, SalesDelta>();
  readonly bookMonths = new Map<string, SalesDelta>();
  readonly categoryDays = new Map<string, SalesDelta>();
  readonly categoryMonths = new Map<string, SalesDelta>();
  readonly customerDays = new Map<string, SpendDelta>();
  readonly customerMonths = new Map<string, SpendDelta>();
  readonly eventDays = new Map<string, SeatsDelta>();
  readonly stockDays = new Map<string, StockDayDelta>();

  /** The days whose figures this batch moves: the dashboard answers that read them are out of date. */
  get days(): Set<string> {
    return new Set([...this.shopDays.keys(), ...[...this.stockDays.keys()].map((key) => key.slice(0, 10))]);
  }

  /**
   * An order's figures on `day`: added when it was placed (`sign` 1), taken back when it was
   * cancelled (`sign` -1). A line whose category is still unknown adds to no category.
   */
  addOrder(day: string, userId: string, lines: CountedLine[], sign: 1 | -1): void {
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    this.addToShopDay(
      day,
      sign === 1
        ? { orders_placed: 1, lines_placed: lines.length, gross_revenue: total, units_sold: units }
        : { orders_cancelled: 1, lines_cancelled: lines.length, refunded_revenue: total, units_returned: units },
    );
    for (const line of lines) {
      this.addBookSale(day, line.bookId, sign * line.quantity * line.unitPrice, sign * line.quantity);
      if (line.categoryId !== null) this.addCategorySale(day, line.categoryId, sign * line.quantity * line.unitPrice, sign * line.quantity);
    }
    add(this.customerDays, `${day}|${userId}`, { spend: sign * total, orders: sign });
    add(this.customerMonths, `${monthOf(day)}|${userId}`, { spend: sign * total, orders: sign });
  }

  addToShopDay(day: string, delta: Partial<ShopDayDelta>): void {
    add(this.shopDays, day, { ...emptyShopDay(), ...delta });
  }

  addBookSale(day: string, bookId: string, revenue: number, units: number): void {
    add(this.bookDays, `${day}|${bookId}`, { revenue, units });
    add(this.bookMonths, `${monthOf(day)}|${bookId}`, { revenue, units });
  }

  addCategorySale(day: string, categoryId: string, revenue: number, units: number): void {
    add(this.categoryDays, `${day}|${categoryId}`, { revenue, units });
    add(this.categoryMonths, `${monthOf(day)}|${categoryId}`, { revenue, units });
  }

  addSeats(day: string, eventId: string, seats: number, revenue: number): void {
    if (seats === 0 && revenue === 0) return;
    add(this.eventDays, `${day}|${eventId}`, { seats, revenue });
    this.addToShopDay(day, { seats_sold: seats, ticket_revenue: revenue });
  }

  addStockMovement(day: string, bookId: string, reason: StockChangeReason, delta: number, stock: number, version: string): void {
    const key = `${day}|${bookId}`;
    const current = this.stockDays.get(key) ?? {
      restocked: 0,
      corrected: 0,
      reserved: 0,
      released: 0,
      sold: 0,
      closing_stock: stock,
      closing_version: version,
    };
    current[STOCK_COLUMNS[reason]] += delta;
    if (version >= current.closing_version) Object.assign(current, { closing_stock: stock, closing_version: version });
    this.stockDays.set(key, current);
  }
}

function add<T extends object>(map: Map<string, T>, key: string, delta: T): void {
  const current = map.get(key);
  if (!current) {
    map.set(key, { ...delta });
    return;
  }
  for (const name of Object.keys(delta) as Array<keyof T>) (current[name] as number) += delta[name] as number;
}

/** `day|id` → its two parts. */
export function splitKey(key: string): [string, string] {
  return [key.slice(0, 10), key.slice(11)];
}
