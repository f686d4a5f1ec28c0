import { expect, it } from 'vitest';
import { groupCommit } from '../src/db/group-commit.ts';
import { activeContext, inBatchSpan, tracer } from '../src/tracing/index.ts';
import type { CallerContext } from '../src/tracing/index.ts';
import { captureSpans } from '../src/testing/index.ts';

// Its own file, so its own process: the first registerTracing of a process is the one kept.
const spans = await captureSpans();

it("runs a group's work under its first caller's span, linked to every caller's", async () => {
  const together = groupCommit(10, (items: Array<{ n: number; caller: CallerContext }>) =>
    inBatchSpan(
      'write together',
      items.map((item) => item.caller),
      async () => items.map((item) => item.n),
    ),
  );
  const callers = await Promise.all(
    [1, 2, 3].map((n) =>
      tracer.startActiveSpan(`request ${n}`, async (span) => {
        await together({ n, caller: activeContext() });
        span.end();
        return span.spanContext();
      }),
    ),
  );
  const batch = await spans.find('write together', callers[0]!.traceId);
  expect(batch.parentSpanContext?.spanId).toBe(callers[0]!.spanId);
  expect(batch.links.map((link) => link.context.spanId)).toEqual(callers.map((caller) => caller.spanId));
  expect(batch.attributes['pustaka.batch.size']).toBe(3);
});
