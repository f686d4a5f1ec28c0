import { assertOwnerOrRole } from '@pustaka/kit/auth';
import type { Caller } from '@pustaka/kit/auth';
import { pageOf } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { STAFF } from '../staff.ts';
import { bookingNotFound, toBooking } from './booking.ts';
import { findBooking, findBookingsOfUser } from './bookings.repository.ts';
import type { BookingWithEventRow } from './bookings.repository.ts';
import type { Booking } from './bookings.schema.ts';

/** The booking row, if the caller owns it or is staff; anyone else gets 404, as for a missing one. */
export async function findOwnBooking(ctx: TicketingContext, caller: Caller, id: string): Promise<BookingWithEventRow> {
  const row = await findBooking(ctx.db, id);
  if (!row) throw bookingNotFound();
  assertOwnerOrRole(caller, row.user_id, [...STAFF], bookingNotFound);
  return row;
}

export async function getBooking(ctx: TicketingContext, caller: Caller, id: string): Promise<Booking> {
  return toBooking(await findOwnBooking(ctx, caller, id));
}

/** The caller's bookings, newest first, cancelled ones included. */
export async function listOwnBookings(ctx: TicketingContext, caller: Caller, query: { page?: number; pageSize?: number }) {
  const { page, pageSize } = pageOf(query);
  const { rows, total } = await findBookingsOfUser(ctx.db, caller.id, { offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map(toBooking), total, page, pageSize };
}
