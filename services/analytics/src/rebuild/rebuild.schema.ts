import { Type } from 'typebox';
import type { Static } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';

export const RebuildRun = Type.Object({
  id: Type.String({ format: 'uuid' }),
  state: StringEnum(['running', 'succeeded', 'failed'] as const, {
    description: 'running until the rebuilt rollups are live (succeeded) or the live ones were left as they were (failed)',
  }),
  steps: Type.Array(
    Type.Object({
      name: Type.String({ description: 'books, events, orders, bookings' }),
      state: StringEnum(['waiting', 'running', 'done'] as const),
      items: Type.Integer({ description: 'What the step has applied so far' }),
    }),
  ),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed' }),
  startedAt: Type.String({ format: 'date-time' }),
  /** The last sign of life of a running run; one that stops moving for two minutes is taken over by the next. */
  heartbeatAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type RebuildRun = Static<typeof RebuildRun>;
