import { parseEvent } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { RECOMMENDATION_EVENTS } from './recommendation-events.ts';
import type { RecommendationEvent } from './recommendation-events.ts';
import { applyRecommendationEvents } from './recommendation-events.service.ts';

/**
 * The orders' and bookings' events keep the recommendations: once per event (inbox), a batch of
 * waiting events in one transaction and a few statements. Nothing is called or recorded on behalf
 * of one event, so a batch runs in the consumer's context. An event whose payload does not match
 * its contract throws, so it is retried and then dead-lettered.
 */
export const recommendationsConsumer = defineConsumer<DiscoveryContext, DiscoveryTables, unknown>({
  schema: 'discovery',
  consumerId: 'discovery.recommendations',
  events: RECOMMENDATION_EVENTS,
  batchSize: 100,
  handlers: (ctx) => ({
    handle: (trx, event) => applyRecommendationEvents(ctx, trx, [parseEvent(event) as RecommendationEvent]),
    handleBatch: (trx, events) =>
      applyRecommendationEvents(
        ctx,
        trx,
        events.map((event) => parseEvent(event) as RecommendationEvent),
      ),
  }),
});
