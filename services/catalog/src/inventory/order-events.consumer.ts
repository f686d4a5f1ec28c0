import { ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { orderSettlement } from './settle-orders.service.ts';
import type { OrderEvent } from './settle-orders.service.ts';

/**
 * The orders' events settle reservations (see `orderSettlement`): applied once per event (inbox),
 * in order, many events to a transaction.
 */
export const orderEventsConsumer = defineConsumer<CatalogContext, CatalogTables, OrderEvent>({
  schema: 'catalog',
  consumerId: 'catalog.reservations',
  events: [ORDER_PLACED, ORDER_CANCELLED],
  // At checkout rates the events waiting in the queue commit in one transaction, not one each.
  batchSize: 100,
  handlers: (ctx) => {
    const settlement = orderSettlement(ctx);
    return {
      handle: (trx, event) => settlement.settle(trx, event),
      handleBatch: (trx, events, inContextOf) => settlement.settleAll(trx, events, inContextOf),
      afterBatchCommit: () => settlement.announce(),
    };
  },
});
