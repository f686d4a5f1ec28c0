import type { EventDetailsPayload } from '@pustaka/contracts';
import { pageOfRows } from '@pustaka/kit/rpc';
import type { KeysetPage } from '@pustaka/kit/rpc';
import type { TicketingContext } from '../ticketing-context.ts';
import type { EventStatus } from '../ticketing.tables.ts';
import { toEventDetails } from './event.ts';
import { findAnnouncedEventsAfter } from './event-listing.repository.ts';

/** An event as the listing gives it: what `event.published` carries of it, and whether it is still on. */
export type ListedEvent = EventDetailsPayload & { status: Exclude<EventStatus, 'draft'>; cancelledAt: string | null };

/**
 * One page of every event ever published, in id order, each whole as `event.published` carries
 * it, for a service rebuilding what it keeps of the events (a cancelled one says so).
 */
export async function listEventsPage(ctx: Pick<TicketingContext, 'db'>, page: KeysetPage): Promise<{ events: ListedEvent[]; nextAfterId: string }> {
  const { rows, nextAfterId } = pageOfRows(await findAnnouncedEventsAfter(ctx.db, page.afterId, page.size + 1), page, (row) => row.id);
  return {
    events: rows.map((row) => ({
      ...toEventDetails(row),
      status: row.status === 'cancelled' ? 'cancelled' : 'published',
      cancelledAt: row.cancelled_at?.toISOString() ?? null,
    })),
    nextAfterId,
  };
}
