import type { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { registerTracing } from '../tracing/register-tracing.ts';
import { eventually } from './http-client.ts';

export interface CapturedSpans {
  /** Every span that has ended so far, oldest first. */
  ended(): ReadableSpan[];
  /**
   * The span called `name` (and of `kind`, if given) in trace `traceId`, once it has ended: a
   * server span ends after its response is on the way, so a client may get there first.
   */
  find(name: string, traceId: string, kind?: SpanKind): Promise<ReadableSpan>;
}

/**
 * Registers this process's tracing with an in-memory exporter, so a test can check which span is
 * whose parent. Call it at the top of the test file, before anything builds a platform or a
 * gateway: the first registration of a process is the one kept.
 *
 * @example
 *   const spans = await captureSpans();
 *   const http = await spans.find('POST /api/orders', traceId);
 *   expect(http.parentSpanContext?.spanId).toBe(callerSpanId);
 */
export async function captureSpans(): Promise<CapturedSpans> {
  const exporter = new InMemorySpanExporter();
  await registerTracing({ serviceName: 'test', exporter });
  const ended = () => exporter.getFinishedSpans();
  return {
    ended,
    find: async (name, traceId, kind) => {
      let span: ReadableSpan | undefined;
      await eventually(async () => {
        span = ended().findLast((s) => s.name === name && s.spanContext().traceId === traceId && (kind === undefined || s.kind === kind));
        if (!span)
          throw new Error(
            `no ended span "${name}" in trace ${traceId}; ended: ${ended()
              .map((s) => s.name)
              .join(', ')}`,
          );
      });
      return span!;
    },
  };
}
