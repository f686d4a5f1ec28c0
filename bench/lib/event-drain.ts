import { queryRows } from './pg.ts';

export interface EventDrain {
  /** How long after the load the last event was published and the last reservation committed. */
  ms: number;
  /** What was still pending when the wait gave up (0 when drained). */
  pending: number;
}

/**
 * Waits, bounded, until the events of the round are through: both outboxes published and every
 * reservation committed by the catalog's consumer. The relays and the consumer otherwise keep
 * working off the round's backlog during the next pgbench round and slow it down, and the
 * system's rate would look better for work it only deferred.
 */
export async function waitForEventsDrained(urls: { catalog: string; orders: string }, timeoutMs = 120_000): Promise<EventDrain> {
  const started = Date.now();
  for (;;) {
    const [[catalog], [orders]] = await Promise.all([
      queryRows<{ pending: number }>(
        urls.catalog,
        `
        select (select count(*)::int from catalog.outbox where published_at is null)
             + (select count(*)::int from catalog.stock_reservations where status = 'held') as pending`,
      ),
      queryRows<{ pending: number }>(urls.orders, 'select count(*)::int as pending from orders.outbox where published_at is null'),
    ]);
    const pending = catalog!.pending + orders!.pending;
    if (pending === 0 || Date.now() - started > timeoutMs) return { ms: Date.now() - started, pending };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
