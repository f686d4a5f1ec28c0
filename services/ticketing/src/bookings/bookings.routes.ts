import { callerOf } from '@pustaka/kit/auth';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { IdempotencyKeyHeaders } from '../holds/holds.schema.ts';
import { bookHold } from './book-hold.service.ts';
import { BookHoldBody, BookingListQuery, BookingPage, BookingSchema, ChangeSeatsBody } from './bookings.schema.ts';
import { cancelBooking } from './cancel-booking.service.ts';
import { changeSeats } from './change-seats.service.ts';
import { getBooking, listOwnBookings } from './find-bookings.service.ts';

const tags = ['bookings'];

export function registerBookingRoutes(app: HttpApp, ctx: TicketingContext): void {
  app.post(
    '/api/bookings',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Book your hold before it expires; booking the same hold again answers with the same booking. Send an Idempotency-Key to retry safely.',
        headers: IdempotencyKeyHeaders,
        body: BookHoldBody,
        response: { 201: BookingSchema, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const booked = await bookHold(ctx, callerOf(request), request.body.holdId, request.headers['idempotency-key']);
      if (booked.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).header('location', `/api/bookings/${booked.booking.id}`).send(booked.booking);
    },
  );

  app.get(
    '/api/bookings',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Your bookings, newest first',
        querystring: BookingListQuery,
        response: { 200: BookingPage, ...problems(400, 401) },
      },
    },
    async (request) => listOwnBookings(ctx, callerOf(request), request.query),
  );

  app.get(
    '/api/bookings/:id',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'One booking (its member or staff)',
        params: UuidParams,
        response: { 200: BookingSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => getBooking(ctx, callerOf(request), request.params.id),
  );

  app.patch(
    '/api/bookings/:id',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: "Change a booking's seats in one step; if a new seat is taken, nothing changes (409)",
        params: UuidParams,
        body: ChangeSeatsBody,
        response: { 200: BookingSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => changeSeats(ctx, callerOf(request), request.params.id, request.body.seatIds),
  );

  app.post(
    '/api/bookings/:id/cancel',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Cancel a booking before the event starts; its seats are free again',
        params: UuidParams,
        response: { 200: BookingSchema, ...problems(401, 404, 409) },
      },
    },
    async (request) => cancelBooking(ctx, callerOf(request), request.params.id),
  );
}
