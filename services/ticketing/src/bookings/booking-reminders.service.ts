import { BOOKING_REMINDER } from '@pustaka/contracts';
import type { BookingReminderPayload } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { claimDueReminders } from './bookings.repository.ts';
import type { BookingWithEventRow } from './bookings.repository.ts';
import { bookingFacts } from './booking.ts';

const BATCH = 200;

/**
 * The reminder job: `booking.reminder` once per confirmed booking whose event starts within
 * REMINDER_LEAD_HOURS. Each batch marks its bookings reminded and records their events in one
 * transaction, so a crash sends a batch entirely or not at all, never twice. Returns how many.
 */
export async function sendBookingReminders(ctx: TicketingContext, signal?: AbortSignal): Promise<number> {
  let sent = 0;
  for (;;) {
    signal?.throwIfAborted();
    const now = ctx.now();
    const until = new Date(now.getTime() + ctx.settings.reminderLeadHours * 3_600_000);
    const batch = await ctx.db.transaction().execute(async (trx) => {
      const due = await claimDueReminders(trx, now, until, BATCH);
      await ctx.events.recordAll(
        trx,
        due.map((row) => ({ type: BOOKING_REMINDER, payload: reminderOf(row) })),
      );
      return due.length;
    });
    sent += batch;
    if (batch > 0) ctx.events.notify();
    if (batch < BATCH) return sent;
  }
}

function reminderOf(row: BookingWithEventRow): BookingReminderPayload {
  return {
    ...bookingFacts(row),
    title: row.event_title,
    venue: row.event_venue,
    startsAt: row.event_starts_at.toISOString(),
    timezone: row.event_timezone,
  };
}
