import { AppError } from '@pustaka/kit/errors';
import { EVENT_PUBLISHED, EVENT_UPDATED } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { touchBookingsOfEvent } from '../bookings/bookings.repository.ts';
import { eventCancelled, eventNotFound, toEvent, toEventDetails } from '../events/event.ts';
import { toEventChanges, toNewEvent } from '../events/event-input.ts';
import { insertEvent, lockEvent, replaceSeats, updateEvent as updateEventRow } from '../events/events.repository.ts';
import type { EventRow } from '../events/events.repository.ts';
import type { Event, EventChanges, NewEvent } from '../events/events.schema.ts';
import { inSeatTransaction, recordSeatMapChanged } from '../seats/seats-changed.ts';

/** A new event, as a draft nobody but staff sees until it is published; its seats laid out. */
export async function createEvent(ctx: TicketingContext, input: NewEvent): Promise<Event> {
  const { row, seats } = toNewEvent(input, ctx.newId(), ctx.now());
  const created = await ctx.db.transaction().execute(async (trx) => {
    const event = await insertEvent(trx, row);
    await replaceSeats(trx, event.id, seats);
    return event;
  });
  return toEvent(created);
}

/**
 * Changes an event. A draft may change anything, its layout included; a published one keeps its
 * seating and currency (seats may be sold), announces `event.updated`, and bumps its bookings'
 * calendar sequence when what a calendar shows changed. Locks the event: in-flight holds finish first.
 */
export async function updateEvent(ctx: TicketingContext, id: string, changes: EventChanges): Promise<Event> {
  const now = ctx.now();
  const updated = await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, id, 'update');
    if (!event) throw eventNotFound();
    if (event.status === 'cancelled') throw eventCancelled();
    if (event.status === 'published' && (changes.seating !== undefined || changes.currency !== undefined)) {
      throw new AppError('conflict', 'EVENT_PUBLISHED', 'The seating and currency of a published event cannot change: its seats may be sold');
    }
    const { changes: rowChanges, seats } = toEventChanges(event, changes, now);
    const row = await updateEventRow(trx, id, rowChanges);
    if (seats) await replaceSeats(trx, id, seats);
    recordSeatMapChanged(trx, id);
    if (row.status === 'published') {
      await ctx.events.record(trx, EVENT_UPDATED, toEventDetails(row));
      if (calendarChanged(event, row)) await touchBookingsOfEvent(trx, id, now, row.starts_at.getTime() !== event.starts_at.getTime());
    }
    return row;
  });
  ctx.events.notify();
  return toEvent(updated);
}

/** Puts a draft on sale (from `salesOpenAt`, if set) and announces it; publishing twice is a no-op. */
export async function publishEvent(ctx: TicketingContext, id: string): Promise<Event> {
  const now = ctx.now();
  const published = await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, id, 'update');
    if (!event) throw eventNotFound();
    if (event.status === 'cancelled') throw eventCancelled();
    if (event.status === 'published') return event;
    if (event.starts_at <= now) throw new AppError('conflict', 'EVENT_IN_PAST', 'The event starts in the past; move it before publishing');
    const row = await updateEventRow(trx, id, { status: 'published', published_at: now, updated_at: now });
    // Members could not see the map of a draft; now they can.
    recordSeatMapChanged(trx, id);
    await ctx.events.record(trx, EVENT_PUBLISHED, toEventDetails(row));
    return row;
  });
  ctx.events.notify();
  return toEvent(published);
}

/** What an event's calendar entries show changed, so calendars must replace their copies. */
function calendarChanged(before: EventRow, after: EventRow): boolean {
  return (
    before.title !== after.title ||
    before.description !== after.description ||
    before.venue !== after.venue ||
    before.timezone !== after.timezone ||
    before.starts_at.getTime() !== after.starts_at.getTime() ||
    before.ends_at.getTime() !== after.ends_at.getTime()
  );
}
