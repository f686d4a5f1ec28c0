import { Type } from 'typebox';
import { PageOf, PageQuery } from '@pustaka/kit/http';

export const OrderItemSchema = Type.Object({
  bookId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  unitPrice: Type.Integer({ description: 'Minor units of the order currency, as sold' }),
  quantity: Type.Integer(),
});

export const OrderSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('placed'), Type.Literal('cancelled'), Type.Literal('fulfilled')]),
  total: Type.Integer({ description: 'Minor units of `currency`' }),
  currency: Type.String(),
  items: Type.Array(OrderItemSchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const PlaceOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object({ bookId: Type.String({ format: 'uuid' }), quantity: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const PlaceOrderHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[\\w.:-]+$' })),
});

export const OrderListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const OrderPage = PageOf(OrderSchema);
export const BookOrdersSchema = Type.Object({ items: Type.Array(OrderSchema) });
