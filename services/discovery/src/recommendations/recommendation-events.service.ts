import { BOOKING_CONFIRMED, ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryDb } from '../discovery.tables.ts';
import type { BookingChange } from './booking-plan.ts';
import { applyBookingChanges } from './bookings.service.ts';
import type { OrderChange } from './purchase-plan.ts';
import { applyOrderChanges } from './purchases.service.ts';
import type { RecommendationEvent } from './recommendation-events.ts';

/**
 * Applies the orders' and bookings' events to the recommendations, in the consumer's
 * transaction and in the order given: orders and bookings touch tables of their own, so each
 * kind is applied as one batch (see `applyOrderChanges`, `applyBookingChanges`).
 */
export async function applyRecommendationEvents(ctx: DiscoveryContext, trx: DiscoveryDb, events: readonly RecommendationEvent[]): Promise<void> {
  const orders: OrderChange[] = [];
  const bookings: BookingChange[] = [];
  for (const event of events) {
    if (event.type === ORDER_PLACED) orders.push({ kind: 'placed', order: event.payload });
    else if (event.type === ORDER_CANCELLED) orders.push({ kind: 'cancelled', order: event.payload });
    else bookings.push({ kind: event.type === BOOKING_CONFIRMED ? 'confirmed' : 'cancelled', booking: event.payload });
  }
  await applyOrderChanges(ctx, trx, orders);
  await applyBookingChanges(trx, bookings);
}
