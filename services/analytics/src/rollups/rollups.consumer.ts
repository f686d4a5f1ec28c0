import { parseEvent } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { EventEnvelope } from '@pustaka/kit/bus';
import type { Transaction } from '@pustaka/kit/db';
import type { AnalyticsContext } from '../analytics-context.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { forgetAnswersOver } from '../answer-cache/dashboard-answers.ts';
import { applyToRollups } from '../read-model/apply-to-rollups.ts';
import { applyChanges } from './apply-changes.service.ts';
import type { AppliedChanges } from './apply-changes.service.ts';
import { changeOf } from './change-of-event.ts';
import { CONSUMED_EVENTS } from './consumed-events.ts';
import type { ConsumedEvent } from './consumed-events.ts';

/**
 * Sales, bookings, stock and the names beside them keep the rollups: once per event (inbox), a
 * hundred to a transaction when they queue up, each rollup row written once per batch. After the
 * commit, the dashboard answers over the days the batch moved are dropped, before the events are
 * acknowledged. While a rebuild runs, each batch is applied to the rollups it is building too.
 * An event whose payload does not match its contract throws, so it is retried and
 * then dead-lettered.
 */
export const rollupsConsumer = defineConsumer<AnalyticsContext, AnalyticsTables, unknown>({
  schema: 'analytics',
  consumerId: 'analytics.rollups',
  events: CONSUMED_EVENTS,
  batchSize: 100,
  handlers: (ctx) => {
    // What each committed transaction changed, by the id of its first event: the after-commit
    // step gets the same events, so it drops exactly what its own transaction made stale.
    const pending = new Map<string, AppliedChanges>();
    const apply = async (trx: Transaction<AnalyticsTables>, events: EventEnvelope<unknown>[]) => {
      const changes = events.map((event) => changeOf(parseEvent(event) as ConsumedEvent));
      const terms = { timeZone: ctx.settings.ANALYTICS_TIME_ZONE, currency: ctx.settings.ANALYTICS_CURRENCY };
      pending.set(events[0]!.id, await applyToRollups(trx, (db) => applyChanges(db, changes, terms)));
    };
    return {
      handle: (trx, event) => apply(trx, [event]),
      // One call for the batch: its facts are summed per rollup row before anything is written.
      handleBatch: (trx, events) => apply(trx, events),
      afterBatchCommit: async (events) => {
        const applied = pending.get(events[0]!.id);
        if (!applied) return;
        pending.delete(events[0]!.id);
        await forgetAnswersOver(ctx.cache, ctx.settings.ANALYTICS_CACHE_TTL_SECONDS, applied);
      },
    };
  },
});
