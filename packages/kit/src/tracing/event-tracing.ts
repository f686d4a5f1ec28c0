import { SpanKind } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { extractTraceContext, tracer } from './trace-context.ts';

/**
 * What a consumer span needs of an event. The bus's envelopes have it; tracing names only this
 * much so that it stays below the bus, which traces its deliveries with it.
 */
export interface TracedEvent {
  id: string;
  type: string;
  headers?: { traceparent?: string } | undefined;
}

/**
 * Runs one delivery of `event` in a consumer span, a child of the span that recorded the event
 * (its `headers.traceparent`), so a trace follows a request through the bus into every consumer.
 * An event without one (older than tracing, or from outside) starts a trace of its own.
 *
 * @example
 *   await consumeInSpan(event, 'catalog.reservations', (span) => applyOnce(db, consumerId, event, handle));
 */
export function consumeInSpan<T>(event: TracedEvent, consumerId: string, handle: (span: Span) => Promise<T>): Promise<T> {
  const parent = extractTraceContext(event.headers as Record<string, string | undefined> | undefined);
  const attributes = {
    'messaging.operation.type': 'process',
    'messaging.destination.name': event.type,
    'messaging.consumer.group.name': consumerId,
    'messaging.message.id': event.id,
  };
  return tracer.startActiveSpan(`process ${event.type}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await handle(span);
    } finally {
      span.end();
    }
  });
}
