import { parseEvent, SEATS_CHANGED, STOCK_CHANGED } from '@pustaka/contracts';
import type { SeatsChangedPayload, StockChangedPayload } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { EventEnvelope } from '@pustaka/kit/bus';
import type { LiveDelivery } from './live-delivery.ts';

/** What the topic consumers need: only the live delivery (they write no table of their own). */
export interface LiveTopicsContext {
  live: LiveDelivery;
}

/**
 * Ticketing's seat changes (holds, bookings, changes, expiries), to the followers of the event's
 * seat map (`seats:<eventId>`). The message goes out after the inbox commit: a live seat map wants
 * the change now or never (a retry would show it late, after newer ones); a client that reconnects
 * reloads the map. A payload that breaks the contract throws in `handle`, so it is dead-lettered.
 */
export const seatChangesConsumer = defineConsumer<LiveTopicsContext, unknown, unknown>({
  schema: 'notify',
  consumerId: 'notify.live-seats',
  events: [SEATS_CHANGED],
  batchSize: 100,
  handlers: ({ live }) => ({
    handle: async (_trx, event) => {
      parseEvent(event);
    },
    afterCommit: async (event) => {
      const payload = (event as EventEnvelope<SeatsChangedPayload>).payload;
      await live.toTopic(`seats:${payload.eventId}`, payload);
    },
  }),
});

/** The catalog's stock changes, to the followers of the book's stock (`stock:<bookId>`); as above. */
export const stockChangesConsumer = defineConsumer<LiveTopicsContext, unknown, unknown>({
  schema: 'notify',
  consumerId: 'notify.live-stock',
  events: [STOCK_CHANGED],
  batchSize: 100,
  handlers: ({ live }) => ({
    handle: async (_trx, event) => {
      parseEvent(event);
    },
    afterCommit: async (event) => {
      const payload = (event as EventEnvelope<StockChangedPayload>).payload;
      await live.toTopic(`stock:${payload.bookId}`, payload);
    },
  }),
});

/** Both, for the service module: `for (const consumer of liveTopicConsumers) await deps.events.subscribe(consumer({ live }))`. */
export const liveTopicConsumers = [seatChangesConsumer, stockChangesConsumer] as const;
