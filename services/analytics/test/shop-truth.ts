import type { EventEnvelope } from '@pustaka/kit/bus';

/**
 * The dashboard's figures computed the plain way from the raw events of a history, with none of
 * the service's code: a day is the UTC instant moved seven hours (Jakarta keeps no summer time).
 */
export function jakartaDay(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
}

interface Sale {
  day: string;
  sign: 1 | -1;
  userId: string;
  lines: Array<{ bookId: string; categoryId: string; quantity: number; unitPrice: number }>;
}

/** The facts of a history, as sales and seats dated by shop day. */
export function factsOf(recorded: EventEnvelope<any>[]) {
  const categoryOf = new Map<string, string>();
  const placed = new Map<string, Sale>();
  const sales: Sale[] = [];
  const fulfilledDays: string[] = [];
  const otherCurrencyDays: string[] = [];
  const seats: Array<{ day: string; eventId: string; seats: number; revenue: number }> = [];
  const bookings = new Map<string, { seats: number; revenue: number }>();
  const stock = new Map<string, number>();
  const titles = new Map<string, string>();
  const names = new Map<string, string>();
  for (const event of recorded) {
    const p = event.payload;
    switch (event.type) {
      case 'book.created':
      case 'book.updated':
        categoryOf.set(p.bookId, p.categoryId);
        titles.set(p.bookId, p.title);
        stock.set(p.bookId, p.stock);
        break;
      case 'stock.changed':
        stock.set(p.bookId, p.stock);
        break;
      case 'user.registered':
      case 'user.updated':
        names.set(p.userId, p.name);
        break;
      case 'order.placed': {
        if (p.currency !== 'IDR') {
          otherCurrencyDays.push(jakartaDay(p.placedAt));
          break;
        }
        const lines = p.items.map((item: any) => ({
          bookId: item.bookId,
          categoryId: categoryOf.get(item.bookId)!,
          quantity: item.quantity,
          unitPrice: item.unitPrice,
        }));
        const sale: Sale = { day: jakartaDay(p.placedAt), sign: 1, userId: p.userId, lines };
        placed.set(p.orderId, sale);
        sales.push(sale);
        break;
      }
      case 'order.cancelled': {
        const sale = placed.get(p.orderId);
        if (sale) sales.push({ ...sale, day: jakartaDay(event.occurredAt), sign: -1 });
        break;
      }
      case 'order.fulfilled':
        fulfilledDays.push(jakartaDay(event.occurredAt));
        break;
      case 'booking.confirmed':
      case 'booking.changed':
      case 'booking.cancelled': {
        const before = bookings.get(p.bookingId) ?? { seats: 0, revenue: 0 };
        const cancelled = event.type === 'booking.cancelled';
        const after = { seats: cancelled ? 0 : p.quantity, revenue: cancelled || p.currency !== 'IDR' ? 0 : p.total };
        const day = jakartaDay(event.type === 'booking.confirmed' ? p.confirmedAt : event.occurredAt);
        seats.push({ day, eventId: p.eventId, seats: after.seats - before.seats, revenue: after.revenue - before.revenue });
        bookings.set(p.bookingId, after);
        break;
      }
    }
  }
  return { sales, fulfilledDays, otherCurrencyDays, seats, stock, titles, names };
}

export type Facts = ReturnType<typeof factsOf>;

const within = (day: string, range: { from: string; to: string }) => day >= range.from && day <= range.to;

/** Totals of a range, as the summary names them. */
export function totalsOf(facts: Facts, range: { from: string; to: string }) {
  const sales = facts.sales.filter((sale) => within(sale.day, range));
  const amount = (sale: Sale) => sale.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  const units = (sale: Sale) => sale.lines.reduce((sum, line) => sum + line.quantity, 0);
  const placed = sales.filter((sale) => sale.sign === 1);
  const cancelled = sales.filter((sale) => sale.sign === -1);
  const gross = placed.reduce((sum, sale) => sum + amount(sale), 0);
  const refunded = cancelled.reduce((sum, sale) => sum + amount(sale), 0);
  const seats = facts.seats.filter((entry) => within(entry.day, range));
  return {
    revenue: gross - refunded,
    grossRevenue: gross,
    refundedRevenue: refunded,
    orders: placed.length,
    cancelledOrders: cancelled.length,
    fulfilledOrders: facts.fulfilledDays.filter((day) => within(day, range)).length,
    units: placed.reduce((sum, sale) => sum + units(sale), 0) - cancelled.reduce((sum, sale) => sum + units(sale), 0),
    averageOrderValue: placed.length === 0 ? null : Math.round(gross / placed.length),
    cancellationRate: placed.length === 0 ? null : Math.round((cancelled.length / placed.length) * 10_000) / 10_000,
    seatsSold: seats.reduce((sum, entry) => sum + entry.seats, 0),
    ticketRevenue: seats.reduce((sum, entry) => sum + entry.revenue, 0),
    ordersInOtherCurrencies: facts.otherCurrencyDays.filter((day) => within(day, range)).length,
  };
}

/** The best `limit` by the summed measure, positive only, ties to the smaller key. */
function top(entries: Map<string, { measure: number; count: number }>, limit: number) {
  return [...entries]
    .filter(([, value]) => value.measure > 0)
    .sort(([a, x], [b, y]) => y.measure - x.measure || (a < b ? -1 : 1))
    .slice(0, limit);
}

function sumBy(facts: Facts, range: { from: string; to: string }, keyOf: (sale: Sale, line: Sale['lines'][number]) => string, perOrder: boolean) {
  const sums = new Map<string, { measure: number; count: number }>();
  for (const sale of facts.sales.filter((each) => within(each.day, range))) {
    const counted = new Set<string>();
    for (const line of sale.lines) {
      const key = keyOf(sale, line);
      const entry = sums.get(key) ?? { measure: 0, count: 0 };
      entry.measure += sale.sign * line.quantity * line.unitPrice;
      if (!perOrder) entry.count += sale.sign * line.quantity;
      else if (!counted.has(key)) entry.count += sale.sign;
      counted.add(key);
      sums.set(key, entry);
    }
  }
  return sums;
}

/** Every book's net revenue and units over a range (negative when cancellations outweigh sales). */
export function bookSalesOf(facts: Facts, range: { from: string; to: string }) {
  const sums = sumBy(facts, range, (_, line) => line.bookId, false);
  return new Map([...sums].map(([bookId, value]) => [bookId, { revenue: value.measure, units: value.count }]));
}

export function topBooksOf(facts: Facts, range: { from: string; to: string }, limit: number) {
  return top(
    sumBy(facts, range, (_, line) => line.bookId, false),
    limit,
  ).map(([bookId, value]) => ({ bookId, revenue: value.measure, units: value.count }));
}

export function topCategoriesOf(facts: Facts, range: { from: string; to: string }, limit: number) {
  return top(
    sumBy(facts, range, (_, line) => line.categoryId, false),
    limit,
  ).map(([categoryId, value]) => ({ categoryId, revenue: value.measure, units: value.count }));
}

export function topCustomersOf(facts: Facts, range: { from: string; to: string }, limit: number) {
  return top(
    sumBy(facts, range, (sale) => sale.userId, true),
    limit,
  ).map(([userId, value]) => ({ userId, spend: value.measure, orders: value.count }));
}

/** Seats sold per event in a range, and booked by its end. */
export function seatsOf(facts: Facts, range: { from: string; to: string }) {
  const result = new Map<string, { seats: number; revenue: number; bookedByEnd: number }>();
  for (const entry of facts.seats) {
    if (entry.day > range.to) continue;
    const value = result.get(entry.eventId) ?? { seats: 0, revenue: 0, bookedByEnd: 0 };
    value.bookedByEnd += entry.seats;
    if (entry.day >= range.from) {
      value.seats += entry.seats;
      value.revenue += entry.revenue;
    }
    result.set(entry.eventId, value);
  }
  return result;
}

/** Net revenue of each day of a range. */
export function dailyRevenue(facts: Facts, days: string[]) {
  return days.map((day) => totalsOf(facts, { from: day, to: day }).revenue);
}
