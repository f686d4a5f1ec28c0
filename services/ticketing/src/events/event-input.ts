import type { FieldError } from '@pustaka/kit/errors';
import type { EventRow, EventRowChanges, NewEventRow } from './events.repository.ts';
import type { EventChanges, NewEvent } from './events.schema.ts';
import { assertValid } from './invalid-fields.ts';
import { capacityOf, layOutSeats, normalizeSeating } from './seating.ts';
import type { LaidOutSeat, Seating } from './seating.ts';

/** Currencies in use today, from the runtime's ICU data (ISO 4217 minus withdrawn codes). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** A new event's row and, for a seated layout, its seats: checked beyond what the schema can see. */
export function toNewEvent(input: NewEvent, id: string, now: Date): { row: NewEventRow; seats: LaidOutSeat[] } {
  const timezone = ianaTimeZone(input.timezone);
  const times = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), salesOpenAt: input.salesOpenAt ? new Date(input.salesOpenAt) : null };
  assertValid([...timezoneErrors(input.timezone, timezone), ...currencyErrors(input.currency), ...timeErrors(times)]);
  const seating = normalizeSeating(input.seating);
  const row: NewEventRow = {
    id,
    title: input.title.trim(),
    description: input.description?.trim() ?? '',
    venue: input.venue.trim(),
    starts_at: times.startsAt,
    ends_at: times.endsAt,
    timezone: timezone!,
    sales_open_at: times.salesOpenAt,
    status: 'draft',
    kind: seating.kind,
    capacity: capacityOf(seating),
    currency: input.currency,
    seating,
    created_at: now,
    updated_at: now,
    published_at: null,
    cancelled_at: null,
  };
  return { row, seats: seatsOf(seating) };
}

/**
 * The column changes of a PATCH, checked against the event as it will be. A published event's
 * start may move, but not into the past. `seats` is set when the layout is replaced.
 */
export function toEventChanges(event: EventRow, changes: EventChanges, now: Date): { changes: EventRowChanges; seats?: LaidOutSeat[] } {
  const timezone = changes.timezone === undefined ? undefined : ianaTimeZone(changes.timezone);
  const times = {
    startsAt: changes.startsAt ? new Date(changes.startsAt) : event.starts_at,
    endsAt: changes.endsAt ? new Date(changes.endsAt) : event.ends_at,
    salesOpenAt: changes.salesOpenAt === undefined ? event.sales_open_at : changes.salesOpenAt === null ? null : new Date(changes.salesOpenAt),
  };
  const startsInPast = event.status === 'published' && changes.startsAt !== undefined && times.startsAt <= now;
  assertValid([
    ...(changes.timezone === undefined ? [] : timezoneErrors(changes.timezone, timezone)),
    ...currencyErrors(changes.currency),
    ...timeErrors(times),
    ...(startsInPast ? [{ in: 'body', field: '/startsAt', message: 'is in the past; a published event must start in the future' }] : []),
  ]);
  const seating = changes.seating && normalizeSeating(changes.seating);
  return {
    changes: {
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
      ...(changes.venue !== undefined ? { venue: changes.venue.trim() } : {}),
      ...(changes.startsAt !== undefined ? { starts_at: times.startsAt } : {}),
      ...(changes.endsAt !== undefined ? { ends_at: times.endsAt } : {}),
      ...(timezone !== undefined ? { timezone } : {}),
      ...(changes.salesOpenAt !== undefined ? { sales_open_at: times.salesOpenAt } : {}),
      ...(changes.currency !== undefined ? { currency: changes.currency } : {}),
      ...(seating ? { seating, kind: seating.kind, capacity: capacityOf(seating) } : {}),
      updated_at: now,
    },
    ...(seating ? { seats: seatsOf(seating) } : {}),
  };
}

/**
 * The canonical IANA name of a time zone (case and aliases resolved by the runtime's ICU data), or
 * undefined when it is none. UTC offsets such as `+07:00` are refused: they have no daylight rules.
 */
export function ianaTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function seatsOf(seating: Seating): LaidOutSeat[] {
  return seating.kind === 'seated' ? layOutSeats(seating) : [];
}

function timezoneErrors(given: string, resolved: string | undefined): FieldError[] {
  return resolved === undefined ? [{ in: 'body', field: '/timezone', message: `${given} is not an IANA time zone (e.g. Asia/Jakarta)` }] : [];
}

function currencyErrors(currency: string | undefined): FieldError[] {
  return currency !== undefined && !CURRENCIES.has(currency) ? [{ in: 'body', field: '/currency', message: 'is not an ISO 4217 currency code in use' }] : [];
}

function timeErrors(times: { startsAt: Date; endsAt: Date; salesOpenAt: Date | null }): FieldError[] {
  return [
    ...(times.endsAt > times.startsAt ? [] : [{ in: 'body', field: '/endsAt', message: 'must be after startsAt' }]),
    ...(times.salesOpenAt === null || times.salesOpenAt < times.startsAt ? [] : [{ in: 'body', field: '/salesOpenAt', message: 'must be before startsAt' }]),
  ];
}
