import { AppError } from '@pustaka/kit/errors';
import type { Caller } from '@pustaka/kit/auth';
import { pageOf } from '@pustaka/kit/http';
import type { TicketingContext } from '../ticketing-context.ts';
import { isStaff } from '../staff.ts';
import { eventNotFound, toEvent } from './event.ts';
import { countEvents, findEvent, findEvents } from './events.repository.ts';
import type { EventRow } from './events.repository.ts';
import type { Event, EventListQuery, EventPage } from './events.schema.ts';

/** Events by start time: published and upcoming unless asked otherwise; drafts for staff only. */
export async function listEvents(ctx: TicketingContext, caller: Caller | null, query: EventListQuery): Promise<EventPage> {
  const status = query.status ?? 'published';
  if (status === 'draft' && !isStaff(caller)) throw new AppError('forbidden', 'FORBIDDEN', 'Only staff see draft events');
  const { page, pageSize } = pageOf(query);
  const filters = { status, from: query.from ? new Date(query.from) : ctx.now(), to: query.to ? new Date(query.to) : undefined };
  const [rows, total] = await Promise.all([findEvents(ctx.db, filters, { offset: (page - 1) * pageSize, limit: pageSize }), countEvents(ctx.db, filters)]);
  return { items: rows.map(toEvent), total, page, pageSize };
}

export async function getEvent(ctx: TicketingContext, caller: Caller | null, id: string): Promise<Event> {
  return toEvent(await findVisibleEvent(ctx, caller, id));
}

/** The event if the caller may see it: a draft is staff's business, and does not exist for anyone else. */
export async function findVisibleEvent(ctx: TicketingContext, caller: Caller | null, id: string): Promise<EventRow> {
  const row = await findEvent(ctx.db, id);
  if (!row || (row.status === 'draft' && !isStaff(caller))) throw eventNotFound();
  return row;
}
