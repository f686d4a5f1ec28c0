import type { SubscribeOptions } from './subscribe.ts';

/** A consumer's subscription as a service hands it to its event bus, which adds transport, database and logger. */
export type ConsumerSubscription<Tables, P> = Omit<SubscribeOptions<Tables, P>, 'transport' | 'database' | 'logger'>;

/** What a consumer does with its events: each a call of the service's own use case. */
export type ConsumerHandlers<Tables, P> = Pick<SubscribeOptions<Tables, P>, 'handle' | 'handleBatch' | 'afterCommit' | 'afterBatchCommit'>;

/** What a consumer declares: who it is, what it consumes and how, and its handlers over the service's context. */
export type ConsumerDeclaration<Ctx, Tables, P> = Omit<ConsumerSubscription<Tables, P>, keyof ConsumerHandlers<Tables, P>> & {
  /** Called once per subscription with the service's context. */
  handlers: (ctx: Ctx) => ConsumerHandlers<Tables, P>;
};

/**
 * A declared consumer: called with the service's context it gives the subscription; its
 * declaration (`consumerId`, `events`, `batchSize`, ...) can be read without one.
 */
export type Consumer<Ctx, Tables, P> = ((ctx: Ctx) => ConsumerSubscription<Tables, P>) & Readonly<Omit<ConsumerDeclaration<Ctx, Tables, P>, 'handlers'>>;

/**
 * Declares an event consumer in one place, as its file reads best: its id (its queue and inbox
 * key), the events it consumes, how many go in one transaction, and one call of a service
 * function per event or batch. The handlers are built per subscription, so state they share (e.g.
 * what a batch changed, for `afterBatchCommit`) belongs to one subscription.
 *
 * @example
 *   export const orderEventsConsumer = defineConsumer<CatalogContext, CatalogTables, OrderEvent>({
 *     schema: 'catalog',
 *     consumerId: 'catalog.reservations',
 *     events: ['order.placed', 'order.cancelled'],
 *     batchSize: 100,
 *     handlers: (ctx) => {
 *       const settlement = orderSettlement(ctx);
 *       return {
 *         handle: (trx, event) => settlement.settle(trx, event),
 *         handleBatch: (trx, events, inContextOf) => settlement.settleAll(trx, events, inContextOf),
 *         afterBatchCommit: () => settlement.announce(),
 *       };
 *     },
 *   });
 *   // in the service: await events.subscribe(orderEventsConsumer(ctx));
 */
export function defineConsumer<Ctx, Tables, P>(declaration: ConsumerDeclaration<Ctx, Tables, P>): Consumer<Ctx, Tables, P> {
  const { handlers, ...options } = declaration;
  if (options.events.length === 0) throw new Error(`consumer ${options.consumerId} consumes no events`);
  const subscriptionOver = (ctx: Ctx): ConsumerSubscription<Tables, P> => ({ ...options, ...handlers(ctx) });
  return Object.freeze(Object.assign(subscriptionOver, options));
}
