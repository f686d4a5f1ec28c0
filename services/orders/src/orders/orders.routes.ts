import { callerOf } from '@pustaka/kit/auth';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { OrdersContext } from '../orders-context.ts';
import { listOrdersOfBook } from './book-orders.service.ts';
import { cancelOrder, fulfilOrder, getOrder, listOwnOrders } from './order-lifecycle.service.ts';
import { placeOrder } from './place-order.service.ts';
import { BookOrdersSchema, OrderListQuery, OrderPage, OrderSchema, PlaceOrderBody, PlaceOrderHeaders } from './orders.schema.ts';

const tags = ['orders'];

export function registerOrderRoutes(app: HttpApp, ctx: OrdersContext): void {
  app.post(
    '/api/orders',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Place an order; prices come from the catalog. Send an Idempotency-Key to retry safely.',
        headers: PlaceOrderHeaders,
        body: PlaceOrderBody,
        response: { 201: OrderSchema, ...problems(400, 401, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const placed = await placeOrder(ctx, callerOf(request), request.body.items, { idempotencyKey: request.headers['idempotency-key'] });
      if (placed.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(placed.order);
    },
  );

  app.get(
    '/api/orders',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Your orders, newest first',
        querystring: OrderListQuery,
        response: { 200: OrderPage, ...problems(400, 401) },
      },
    },
    async (request) => listOwnOrders(ctx, callerOf(request), request.query),
  );

  app.get(
    '/api/orders/:id',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'One order (its buyer or staff)',
        params: UuidParams,
        response: { 200: OrderSchema, ...problems(401, 404) },
      },
    },
    async (request) => getOrder(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Cancel an unfulfilled order (its buyer or staff); the stock goes back',
        params: UuidParams,
        response: { 200: OrderSchema, ...problems(401, 404, 409) },
      },
    },
    async (request) => cancelOrder(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/api/orders/:id/fulfil',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mark an order handed over (staff)',
        params: UuidParams,
        response: { 200: OrderSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => fulfilOrder(ctx, callerOf(request), request.params.id),
  );

  app.get(
    '/api/books/:id/orders',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The newest orders containing a book (staff)',
        params: UuidParams,
        response: { 200: BookOrdersSchema, ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listOrdersOfBook(ctx, request.params.id) }),
  );
}
