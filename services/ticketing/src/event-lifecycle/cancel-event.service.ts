import { BOOKING_CANCELLED, EVENT_CANCELLED } from '@pustaka/contracts';
import type { EventCancelledPayload } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { cancelBookingsOfEvent } from '../bookings/bookings.repository.ts';
import { bookingCancelled } from '../bookings/cancel-booking.service.ts';
import { cancelHoldsOfEvent } from '../holds/holds.repository.ts';
import { freeAllSeats } from '../seats/seats.repository.ts';
import { inSeatTransaction, recordSeatMapChanged, recordSeatsChanged } from '../seats/seats-changed.ts';
import { eventNotFound, toEvent } from '../events/event.ts';
import { lockEvent, updateEvent } from '../events/events.repository.ts';
import type { Event } from '../events/events.schema.ts';

/**
 * Calls an event off in one transaction: every active hold and confirmed booking is cancelled and
 * every seat freed, then `event.cancelled` names the bookers, each booking gets its
 * `booking.cancelled`, and the seat maps hear of the freed seats. The event's exclusive lock makes
 * in-flight holds and bookings finish first and later ones see it cancelled. Cancelling again is a
 * no-op that announces nothing.
 */
export async function cancelEvent(ctx: TicketingContext, id: string): Promise<Event> {
  const now = ctx.now();
  const cancelled = await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, id, 'update');
    if (!event) throw eventNotFound();
    if (event.status === 'cancelled') return event;
    const row = await updateEvent(trx, id, { status: 'cancelled', cancelled_at: now, updated_at: now });
    recordSeatMapChanged(trx, id);
    // A draft was never announced and nothing of it was sold.
    if (event.status === 'draft') return row;
    const holds = await cancelHoldsOfEvent(trx, id, now);
    const bookings = await cancelBookingsOfEvent(trx, id, now);
    if (event.kind === 'seated') {
      await recordSeatsChanged(ctx, trx, id, 'free', await freeAllSeats(trx, id));
    } else {
      const unexpired = holds.filter((hold) => hold.expires_at > now);
      const quantity = [...unexpired, ...bookings].reduce((sum, taken) => sum + taken.quantity, 0);
      await recordSeatsChanged(ctx, trx, id, 'free', { quantity, remaining: event.capacity });
    }
    const payload: EventCancelledPayload = {
      eventId: id,
      title: row.title,
      startsAt: row.starts_at.toISOString(),
      bookers: bookings.map((booking) => ({ userId: booking.user_id, bookingId: booking.id })),
      cancelledAt: now.toISOString(),
    };
    await ctx.events.recordAll(trx, [
      { type: EVENT_CANCELLED, payload },
      ...bookings.map((booking) => ({ type: BOOKING_CANCELLED, payload: bookingCancelled(booking, 'event-cancelled') })),
    ]);
    return row;
  });
  ctx.events.notify();
  return toEvent(cancelled);
}
