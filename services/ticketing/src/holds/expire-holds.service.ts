import type { TicketingContext } from '../ticketing-context.ts';
import { lockEvent } from '../events/events.repository.ts';
import { inSeatTransaction } from '../seats/seats-changed.ts';
import { expireHoldsOfEvent, findEventsWithExpiredHolds } from './holds.repository.ts';
import { freeHoldsWithin } from './release-hold.service.ts';
import { holdsExpired } from '../seats/seat-metrics.ts';

const EVENTS_PER_BATCH = 50;

/**
 * The sweep: marks active holds past their time expired and frees the seats they still point at,
 * one transaction per event, announcing the seats on `seats.changed`. Availability never waits for
 * this (an expired hold already counts as free); it keeps the tables and the live seat maps true.
 * Returns how many holds expired.
 */
export async function releaseExpiredHolds(ctx: TicketingContext, signal?: AbortSignal): Promise<number> {
  let expired = 0;
  for (;;) {
    signal?.throwIfAborted();
    const now = ctx.now();
    const eventIds = await findEventsWithExpiredHolds(ctx.db, now, EVENTS_PER_BATCH);
    for (const eventId of eventIds) {
      const ofEvent = await inSeatTransaction(ctx, async (trx) => {
        const event = await lockEvent(trx, eventId, 'share');
        if (!event) return 0;
        const holds = await expireHoldsOfEvent(trx, eventId, now);
        if (holds.length > 0) await freeHoldsWithin(ctx, trx, event, holds, now);
        return holds.length;
      });
      // Counted once committed: a rolled-back transaction expired nothing.
      if (ofEvent > 0) holdsExpired().inc(ofEvent);
      expired += ofEvent;
    }
    if (eventIds.length > 0) ctx.events.notify();
    if (eventIds.length < EVENTS_PER_BATCH) return expired;
  }
}
