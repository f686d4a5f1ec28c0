/** A book of an order and how many copies; one line per book. */
export interface OrderLine {
  bookId: string;
  quantity: number;
}

/**
 * An order as it was placed: the part of `order.placed` recommendations read, so a rebuild can
 * hand over what the orders service lists (lines naming a book twice are added up).
 */
export interface PlacedOrder {
  orderId: string;
  userId: string;
  /** An ISO instant, as `order.placed` carries it, or a Date. */
  placedAt: string | Date;
  items: OrderLine[];
}

/** An order as cancelled: what is taken back is what was stored when it was placed, not these lines. */
export interface CancelledOrder {
  orderId: string;
  userId: string;
}

export type OrderChange = { kind: 'placed'; order: PlacedOrder } | { kind: 'cancelled'; order: CancelledOrder };

/**
 * What is kept of an order: when it was placed (null while only its cancellation is known),
 * whether it was cancelled, and its lines while it counts.
 */
export interface KnownOrder {
  orderId: string;
  userId: string;
  placedAt: Date | null;
  cancelled: boolean;
  lines: OrderLine[];
}

/** An order's sale counted (+1) or taken back (−1). */
export interface OrderSale {
  sign: 1 | -1;
  userId: string;
  placedAt: Date;
  lines: OrderLine[];
}

export interface OrderPlan {
  /** The new state of every order the changes named. */
  orders: KnownOrder[];
  sales: OrderSale[];
}

/**
 * The effect of `changes`, in order, on the orders as `known` holds them (an order missing from
 * it has not been seen). A placement counts its order's sale unless the order is known already;
 * a cancellation takes back the sale of a counted order, and of any other it leaves a tombstone,
 * so a placement that arrives after its cancellation counts nothing. Each order is counted once
 * and taken back once, whatever repeats. Ids are compared lower-cased, as PostgreSQL returns them.
 *
 * @example
 *   const { orders, sales } = planOrderChanges(new Map(), [{ kind: 'placed', order }]);
 *   // sales: [{ sign: 1, userId, placedAt, lines }]
 */
export function planOrderChanges(known: ReadonlyMap<string, KnownOrder>, changes: readonly OrderChange[]): OrderPlan {
  const state = new Map(known);
  const named = new Set<string>();
  const sales: OrderSale[] = [];
  for (const change of changes) {
    const orderId = change.order.orderId.toLowerCase();
    const userId = change.order.userId.toLowerCase();
    named.add(orderId);
    const before = state.get(orderId);
    if (change.kind === 'placed') {
      if (before === undefined) {
        const placed = placedOrder({ ...change.order, orderId, userId });
        state.set(placed.orderId, placed);
        sales.push({ sign: 1, userId: placed.userId, placedAt: placed.placedAt!, lines: placed.lines });
      } else if (before.cancelled && before.placedAt === null) {
        state.set(before.orderId, { ...before, placedAt: new Date(change.order.placedAt) });
      }
      continue;
    }
    if (before === undefined) {
      state.set(orderId, { orderId, userId, placedAt: null, cancelled: true, lines: [] });
    } else if (!before.cancelled) {
      sales.push({ sign: -1, userId: before.userId, placedAt: before.placedAt!, lines: before.lines });
      state.set(before.orderId, { ...before, cancelled: true, lines: [] });
    }
  }
  return { orders: [...state.values()].filter((order) => named.has(order.orderId)), sales };
}

function placedOrder(order: PlacedOrder): KnownOrder {
  const quantities = new Map<string, number>();
  for (const item of order.items) {
    const bookId = item.bookId.toLowerCase();
    quantities.set(bookId, (quantities.get(bookId) ?? 0) + item.quantity);
  }
  const lines = [...quantities].map(([bookId, quantity]) => ({ bookId, quantity })).sort((a, b) => compare(a.bookId, b.bookId));
  return { orderId: order.orderId, userId: order.userId, placedAt: new Date(order.placedAt), cancelled: false, lines };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
