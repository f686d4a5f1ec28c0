import { context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { EventEnvelope } from './envelope.ts';
import type { Delivery } from './transport.ts';
import { runWithRequestId } from '../request-id/request-id.ts';

/** A delivery with the consumer span it is applied in. */
export interface TracedDelivery {
  delivery: Delivery;
  span: Span;
}

/**
 * Runs `work` for one event's delivery inside a batch: `handleBatch` calls it around what it does
 * on behalf of that event, so the gRPC calls and events made there carry the event's request id
 * and join its trace, as when the event is applied alone.
 */
export type EventContextRunner = <T>(event: EventEnvelope, work: () => Promise<T>) => Promise<T>;

/**
 * Runs `work` with the delivery's consumer span active and its event's request id current, so
 * what `work` calls or records joins the request that began it all.
 *
 * @example
 *   await inDeliveryContext({ delivery, span }, () => applyOnce(db, consumerId, delivery.event, handle));
 */
export function inDeliveryContext<T>({ delivery, span }: TracedDelivery, work: () => Promise<T>): Promise<T> {
  const requestId = delivery.event.headers?.requestId;
  return context.with(trace.setSpan(context.active(), span), () => (requestId ? runWithRequestId(requestId, work) : work()));
}

/**
 * The runner `handleBatch` receives: each event of `batch` runs in its own delivery's context (an
 * event the batch does not hold runs in the caller's).
 */
export function eventContextRunner(batch: readonly TracedDelivery[]): EventContextRunner {
  const byEvent = new Map<EventEnvelope, TracedDelivery>(batch.map((item) => [item.delivery.event, item]));
  return (event, work) => {
    const item = byEvent.get(event);
    return item ? inDeliveryContext(item, work) : work();
  };
}
