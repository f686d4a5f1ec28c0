import { AppError } from '@pustaka/kit/errors';
import type { EventDetailsPayload } from '@pustaka/contracts';
import type { EventRow } from './events.repository.ts';
import type { Event } from './events.schema.ts';
import { priceFromOf } from './seating.ts';

export function toEvent(row: EventRow): Event {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    venue: row.venue,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timezone: row.timezone,
    salesOpenAt: row.sales_open_at?.toISOString() ?? null,
    status: row.status,
    currency: row.currency,
    seating: row.seating,
    capacity: row.capacity,
    priceFrom: priceFromOf(row.seating),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
  };
}

/** The payload of `event.published` and `event.updated`: the event whole, as it is now. */
export function toEventDetails(row: EventRow): EventDetailsPayload {
  const { id, title, description, venue, startsAt, endsAt, timezone, salesOpenAt, capacity, priceFrom, currency } = toEvent(row);
  return { eventId: id, title, description, venue, startsAt, endsAt, timezone, salesOpenAt, kind: row.kind, capacity, priceFrom, currency };
}

export function eventNotFound(): AppError {
  return new AppError('not_found', 'EVENT_NOT_FOUND', 'The event was not found');
}

/** Holds may be placed: published, sales open, not started. Drafts do not exist for buyers. */
export function assertOnSale(event: EventRow | undefined, now: Date): asserts event is EventRow {
  if (!event || event.status === 'draft') throw eventNotFound();
  if (event.status === 'cancelled') throw eventCancelled();
  if (event.sales_open_at !== null && event.sales_open_at > now) {
    throw new AppError('conflict', 'SALES_CLOSED', `Sales open at ${event.sales_open_at.toISOString()}`, {
      extensions: { salesOpenAt: event.sales_open_at.toISOString() },
    });
  }
  if (event.starts_at <= now) throw new AppError('conflict', 'SALES_CLOSED', 'The event has started; sales are closed');
}

/** Bookings may change or be cancelled only before the event starts. */
export function assertNotStarted(event: EventRow, now: Date): void {
  if (event.starts_at <= now) throw new AppError('conflict', 'EVENT_STARTED', 'The event has started; its bookings can no longer change');
}

export function eventCancelled(): AppError {
  return new AppError('conflict', 'EVENT_CANCELLED', 'The event was cancelled');
}
