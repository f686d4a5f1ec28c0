import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Currency, Instant, Money, Uuid } from './envelope.ts';

export const ORDER_PLACED = 'order.placed';
export const ORDER_CANCELLED = 'order.cancelled';
export const ORDER_FULFILLED = 'order.fulfilled';

/** An order was written; its stock is reserved and catalog now commits the reservation. */
export const OrderPlacedPayload = Type.Object({
  orderId: Uuid,
  userId: Uuid,
  items: Type.Array(
    Type.Object({
      bookId: Uuid,
      title: Type.String(),
      quantity: Type.Integer({ minimum: 1 }),
      unitPrice: Money,
    }),
    { minItems: 1 },
  ),
  total: Money,
  currency: Currency,
  placedAt: Instant,
});
export type OrderPlacedPayload = Static<typeof OrderPlacedPayload>;

/** An order was cancelled; catalog gives its stock back. */
export const OrderCancelledPayload = Type.Object({
  orderId: Uuid,
  userId: Uuid,
  items: Type.Array(Type.Object({ bookId: Uuid, quantity: Type.Integer({ minimum: 1 }) }), { minItems: 1 }),
  reason: Type.String({ maxLength: 500 }),
});
export type OrderCancelledPayload = Static<typeof OrderCancelledPayload>;

export const OrderFulfilledPayload = Type.Object({
  orderId: Uuid,
  userId: Uuid,
});
export type OrderFulfilledPayload = Static<typeof OrderFulfilledPayload>;
