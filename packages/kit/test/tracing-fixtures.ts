// A service for the tracing tests: an HTTP route that calls gRPC, one that records an event, and
// the gRPC handler and event consumer noting the trace and request they ran in.
import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import type { EventHeaders } from '../src/bus/envelope.ts';
import { serviceDb } from '../src/db/open-database.ts';
import type { ServiceFactory } from '../src/platform/service-module.ts';
import { createRpcClient, currentRequestId } from '../src/rpc/index.ts';
import { migrateTestSchema } from './bus-fixtures.ts';

export interface Observed {
  traceId: string | undefined;
  requestId: string | undefined;
  /** What came in: the gRPC request's `traceparent`, or the event's headers. */
  traceparent?: string | null;
  headers?: EventHeaders;
}

export interface Seen {
  rpc: Observed[];
  consumed: Observed[];
}

/** The trace id of the span active here, as a handler would read it. */
export const activeTraceId = (): string | undefined => trace.getActiveSpan()?.spanContext().traceId;

/** A caller's `traceparent` in a fresh trace: `00-<trace id>-<parent span id>-01`. */
export function newTraceparent(): { header: string; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { header: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

export function tracedService(schema: string, seen: Seen): ServiceFactory {
  return async ({ database, events, rpc, now }) => {
    await migrateTestSchema(database, schema);
    rpc.serve('inventory', (router) =>
      router.service(Inventory, {
        async getBooks(_request, context) {
          seen.rpc.push({ traceId: activeTraceId(), requestId: currentRequestId(), traceparent: context.requestHeader.get('traceparent') });
          return { books: [] };
        },
      }),
    );
    const inventory = createRpcClient(Inventory, rpc.transportTo('inventory'), { name: `inventory-${schema}` });
    const outbox = events.outbox(schema, now);
    await events.subscribe({
      schema,
      consumerId: `${schema}.notes`,
      events: ['note.added'],
      handle: async (_trx, event) => {
        seen.consumed.push({ traceId: activeTraceId(), requestId: currentRequestId(), headers: event.headers });
      },
    });
    return {
      name: 'traced',
      routes: async (app) => {
        // POST with a body: body parsing leaves the request's async context, the handler must be back in it.
        app.post('/trace/rpc', { config: { access: 'public' } }, async () => {
          await inventory.getBooks({ ids: ['b-1'] });
          return { traceId: activeTraceId() };
        });
        app.post('/trace/event', { config: { access: 'public' } }, async () => {
          await serviceDb(database, schema)
            .transaction()
            .execute((trx) => outbox.record(trx, 'note.added', { n: 1 }));
          outbox.notify();
          return { traceId: activeTraceId() };
        });
      },
    };
  };
}
