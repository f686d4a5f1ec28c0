import type { TicketingDb } from '../ticketing.tables.ts';
import type { EventRow } from './events.repository.ts';

/**
 * Up to `limit` events that were published (on sale or cancelled since; never a draft), with ids
 * above `afterId` (all from the first when undefined), in id order: one statement, so one moment
 * of the events per page, read along the primary key.
 */
export async function findAnnouncedEventsAfter(db: TicketingDb, afterId: string | undefined, limit: number): Promise<EventRow[]> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('published_at', 'is not', null)
    .$if(afterId !== undefined, (query) => query.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
}
