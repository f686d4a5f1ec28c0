import { parseEvent } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { EventEnvelope } from '@pustaka/kit/bus';
import type { Transaction } from '@pustaka/kit/db';
import type { NotifyContext } from '../notify-context.ts';
import type { NotifyTables } from '../notify.tables.ts';
import { deliverNotices } from './deliver-notices.ts';
import type { Written } from './deliver-notices.ts';
import { NOTIFIED_EVENTS } from './notified-events.ts';
import type { NotifiedEvent } from './notified-events.ts';
import { noticesOf } from './notices-of-event.service.ts';

/**
 * Orders', bookings', events' and stock's events become notifications: once per event (inbox), in
 * the transaction that records it, where each member's preferences send them (inbox, email
 * outbox). After the commit each new notification goes to its member's open sockets. One queue
 * for all of them, so a booking is known before a change of its event that came after it. An
 * event whose payload does not match its contract throws, so it is retried and then dead-lettered.
 */
export const noticesConsumer = defineConsumer<NotifyContext, NotifyTables, unknown>({
  schema: 'notify',
  consumerId: 'notify.notices',
  events: NOTIFIED_EVENTS,
  batchSize: 50,
  handlers: (ctx) => {
    // What each event's transaction wrote, by event id, until its commit is followed up.
    const written = new Map<string, Written[]>();
    const handle = async (trx: Transaction<NotifyTables>, envelope: EventEnvelope<unknown>) => {
      written.delete(envelope.id);
      const event = parseEvent(envelope) as NotifiedEvent;
      written.set(envelope.id, await deliverNotices(ctx, trx, envelope.id, await noticesOf(trx, event)));
    };
    return {
      handle,
      handleBatch: async (trx, events, inContextOf) => {
        for (const event of events) await inContextOf(event, () => handle(trx, event));
      },
      afterCommit: async (event) => {
        const toSend = written.get(event.id) ?? [];
        written.delete(event.id);
        for (const { memberId, view } of toSend) {
          await ctx.live
            .toMember(memberId, view)
            .catch((error: unknown) => ctx.logger.warn({ err: error, notificationId: view.id }, 'live delivery failed; the inbox has it'));
        }
      },
    };
  },
});
