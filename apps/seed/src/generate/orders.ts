import type { SeedCatalog } from './seed-catalog.ts';
import type { SeedMember } from './members.ts';
import { ORDER_MIX, orderTimeAt } from './order-mix.ts';
import { orderLines } from './order-lines.ts';
import type { SeedOrderItem } from './order-lines.ts';
import { randomStream, weightedSampler } from './random.ts';
import type { RandomStream } from './random.ts';
import { days } from './shop-window.ts';

export type { SeedOrderItem } from './order-lines.ts';

export type SeedOrderStatus = 'placed' | 'fulfilled' | 'cancelled';

/** An order of the seeded shop; a cancelled one gave its units back. */
export interface SeedOrder {
  /** Its place in the stream, 0 first: orders come in the order they were placed. */
  index: number;
  id: string;
  userId: string;
  memberIndex: number;
  status: SeedOrderStatus;
  createdAt: Date;
  /** When it was cancelled or fulfilled; `createdAt` while placed. */
  updatedAt: Date;
  items: SeedOrderItem[];
  total: number;
  currency: 'IDR';
}

export interface OrderOptions {
  seed: number;
  orders: number;
}

/**
 * Orders as a stream, and the stock they leave: read `stockLeft` once the stream is done.
 * Iterating again starts the same stream again.
 */
export interface OrderStream extends Iterable<SeedOrder> {
  /** The units of a book left after the orders read so far: its initial stock less the units of live orders. */
  stockLeft(bookIndex: number): number;
}

/**
 * Two years of orders, one at a time (1M orders need no more memory than 100): more per day as
 * the shop grows, from members who had joined (each with an appetite of their own), with the planted
 * co-purchases of ORDER_MIX (a third of the orders take several books of one affinity group), a
 * popularity skew, members' favourite shelves, and cancellations. A line is never sold beyond the
 * stock left, so stock never goes below zero; books sell out.
 *
 * @example
 *   const orders = generateOrders(catalog, members, { seed: 42, orders: 1_000_000 });
 *   for (const order of orders) write(order);
 *   orders.stockLeft(0); // catalog.books[0].initialStock − its units in live orders
 */
export function generateOrders(catalog: SeedCatalog, members: SeedMember[], options: OrderOptions): OrderStream {
  let stock = Int32Array.from(catalog.books, (book) => book.initialStock);
  return {
    stockLeft: (bookIndex) => stock[bookIndex]!,
    *[Symbol.iterator]() {
      stock = Int32Array.from(catalog.books, (book) => book.initialStock);
      yield* streamOrders(options.seed, catalog, members, options.orders, stock);
    },
  };
}

function* streamOrders(seed: number, catalog: SeedCatalog, members: SeedMember[], count: number, stock: Int32Array): Generator<SeedOrder> {
  const random = randomStream(seed, 'orders');
  if (members.length === 0 || catalog.books.length === 0) return;
  const start = catalog.window.start.getTime();
  const until = catalog.window.until.getTime();
  const span = until - start;
  const lines = orderLines(random, catalog, stock);
  const drawStatus = weightedSampler([ORDER_MIX.cancelledShare, 1 - ORDER_MIX.cancelledShare]);
  const drawMember = memberSampler(randomStream(seed, 'appetite'), members);
  let joined = 0;
  for (let index = 0; index < count; index++) {
    const createdAt = start + Math.floor(orderTimeAt((index + random.next()) / count) * span);
    while (joined < members.length && members[joined]!.createdAt.getTime() <= createdAt) joined++;
    const member = members[drawMember(Math.max(joined, 1), random.next())]!;
    const cancelled = drawStatus(random.next()) === 0;
    const items = lines.draw(member, createdAt, !cancelled);
    const status: SeedOrderStatus = cancelled
      ? 'cancelled'
      : createdAt < until - days(ORDER_MIX.fulfilAfterDays) && random.chance(ORDER_MIX.fulfilledShare)
        ? 'fulfilled'
        : 'placed';
    const settledAfter =
      status === 'cancelled' ? random.int(300_000, days(3)) : status === 'fulfilled' ? random.int(days(1), days(ORDER_MIX.fulfilAfterDays)) : 0;
    yield {
      index,
      id: random.uuidAt(createdAt),
      userId: member.id,
      memberIndex: member.index,
      status,
      createdAt: new Date(createdAt),
      updatedAt: new Date(Math.min(createdAt + settledAfter, until - 1)),
      items,
      total: items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0),
      currency: 'IDR',
    };
  }
}

/** The most a member buys compared with the least eager: a few buy every week, most now and then. */
const MAX_APPETITE = 12;

/**
 * Draws the buyer of an order among the first `joined` members, each in proportion to an appetite
 * of their own (Pareto-like, capped): some members buy far more than others, none absurdly more.
 */
function memberSampler(random: RandomStream, members: SeedMember[]): (joined: number, uniform: number) => number {
  const cumulative = new Float64Array(members.length);
  let total = 0;
  for (let i = 0; i < members.length; i++) {
    total += Math.min(MAX_APPETITE, (1 - random.next()) ** -0.7);
    cumulative[i] = total;
  }
  return (joined, uniform) => {
    const target = uniform * cumulative[joined - 1]!;
    let low = 0;
    let high = joined - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}
