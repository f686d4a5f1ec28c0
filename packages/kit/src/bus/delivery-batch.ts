import type { Logger } from 'pino';
import type { Kysely, Transaction } from 'kysely';
import type { EventEnvelope } from './envelope.ts';
import type { Settlement } from './transport.ts';
import { applyBatchOnce } from './inbox.ts';
import type { ApplyOutcome } from './inbox.ts';
import { eventContextRunner, inDeliveryContext } from './delivery-context.ts';
import type { EventContextRunner, TracedDelivery } from './delivery-context.ts';

/** What applying a batch needs from its subscription. */
export interface BatchConsumer<Tables, P> {
  db: Kysely<Tables>;
  consumerId: string;
  logger: Logger;
  /** Applies a batch's new events, in order, in the transaction that records them in the inbox. */
  applyNew: (trx: Transaction<Tables>, events: EventEnvelope<P>[], inContextOf: EventContextRunner) => Promise<void>;
  /** A delivery in a transaction of its own, with retries and dead letters: the path of batch size 1. */
  applyAlone: (item: TracedDelivery) => Promise<Settlement>;
  /** Counts and logs an acknowledged delivery. */
  report: (item: TracedDelivery, outcome: ApplyOutcome) => void;
  /** The after-commit effects of the deliveries one transaction applied. */
  afterCommit: (applied: TracedDelivery[]) => Promise<void>;
}

/**
 * Applies deliveries in order, as few transactions as it safely can: first attempts together in
 * one transaction, each retry alone (it failed before, and alone it cannot roll back the events
 * around it). If a batch's transaction fails for any reason, each of its deliveries is applied
 * alone, in order, so one poison event is retried and dead-lettered by itself while the others
 * are applied. Returns each delivery's settlement, acknowledged only once its effects committed.
 */
export async function applyDeliveryBatch<Tables, P>(consumer: BatchConsumer<Tables, P>, batch: TracedDelivery[]): Promise<Settlement[]> {
  const settlements: Settlement[] = [];
  const together: TracedDelivery[] = [];
  const flush = async () => {
    if (together.length > 0) settlements.push(...(await applyTogether(consumer, together.splice(0))));
  };
  for (const item of batch) {
    if (item.delivery.attempt === 1) {
      together.push(item);
      continue;
    }
    await flush();
    settlements.push(await inDeliveryContext(item, () => consumer.applyAlone(item)));
  }
  await flush();
  return settlements;
}

async function applyTogether<Tables, P>(consumer: BatchConsumer<Tables, P>, batch: TracedDelivery[]): Promise<Settlement[]> {
  if (batch.length === 1) return [await inDeliveryContext(batch[0]!, () => consumer.applyAlone(batch[0]!))];
  const events = batch.map((item) => item.delivery.event as EventEnvelope<P>);
  let outcomes: ApplyOutcome[];
  try {
    outcomes = await applyBatchOnce(consumer.db, consumer.consumerId, events, (trx, fresh) => consumer.applyNew(trx, fresh, eventContextRunner(batch)));
  } catch (error) {
    consumer.logger.warn({ err: error, events: batch.length, firstEventId: events[0]!.id }, 'event batch rolled back; applying its events one by one');
    const settlements: Settlement[] = [];
    for (const item of batch) settlements.push(await inDeliveryContext(item, () => consumer.applyAlone(item)));
    return settlements;
  }
  batch.forEach((item, n) => consumer.report(item, outcomes[n]!));
  await consumer.afterCommit(batch.filter((_, n) => outcomes[n] === 'applied'));
  return batch.map(() => undefined);
}
