import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Context, Link } from '@opentelemetry/api';
import { tracer } from './trace-context.ts';

/**
 * Runs work done once for several callers (a group commit's call or transaction) in a span of its
 * own: a child of the first caller's span, so a lone caller's trace runs straight through it, and
 * linked to every caller's, so each caller's trace can find the work done for it among others.
 * What the work calls (a gRPC call, an event recorded) continues this span.
 *
 * @example
 *   const contexts = group.map((item) => item.context); // each taken with context.active() when handed over
 *   await inBatchSpan('catalog reserve together', contexts, () => client.reserveMany({ requests }));
 */
export function inBatchSpan<T>(name: string, callers: readonly Context[], run: () => Promise<T>): Promise<T> {
  const links: Link[] = callers.flatMap((caller) => {
    const span = trace.getSpanContext(caller);
    return span ? [{ context: span }] : [];
  });
  const parent = callers[0] ?? ROOT_CONTEXT;
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, links, attributes: { 'pustaka.batch.size': callers.length } }, parent, async (span) => {
    try {
      return await run();
    } finally {
      span.end();
    }
  });
}

/** A caller's trace context, handed over with its item to work done in a group. */
export type CallerContext = Context;

/** The context of the code running: what a caller hands over with its item (see `inBatchSpan`). */
export const activeContext = (): CallerContext => context.active();
