import { parseEvent } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { indexEvent } from './index-documents.service.ts';
import { INDEXED_EVENTS } from './indexed-events.ts';
import type { IndexedEvent } from './indexed-events.ts';

/**
 * The catalog's book and stock events and ticketing's event lifecycle keep the search index: once
 * per event (inbox), many to a transaction when they queue up (the demo shop's first start). An
 * event whose payload does not match its contract throws, so it is retried and then dead-lettered.
 */
export const searchIndexConsumer = defineConsumer<DiscoveryContext, DiscoveryTables, unknown>({
  schema: 'discovery',
  consumerId: 'discovery.search-index',
  events: INDEXED_EVENTS,
  batchSize: 100,
  handlers: (ctx) => ({
    handle: (trx, event) => indexEvent(ctx, trx, parseEvent(event) as IndexedEvent),
    handleBatch: async (trx, events, inContextOf) => {
      for (const event of events) await inContextOf(event, () => indexEvent(ctx, trx, parseEvent(event) as IndexedEvent));
    },
  }),
});
