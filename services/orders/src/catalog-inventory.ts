import { Code, ConnectError } from '@connectrpc/connect';
import type { Transport } from '@connectrpc/connect';
import { Inventory as InventoryService } from '@pustaka/contracts/catalog/v1';
import type { ReserveManyResponse, ReserveResponse } from '@pustaka/contracts/catalog/v1';
import { groupCommit } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { activeContext, inBatchSpan } from '@pustaka/kit/tracing';
import type { CallerContext } from '@pustaka/kit/tracing';
import { createRpcClient, currentRequestId, problemToError, upstreamUnavailable } from '@pustaka/kit/rpc';
import type { Inventory, StockReservation } from './inventory.ts';

/** Most reservations the catalog takes in one ReserveMany. */
const MAX_RESERVATIONS_PER_CALL = 100;
/** How long to reserve one call per order after a catalog said it has no ReserveMany. */
const SINGLE_CALLS_FOR_MS = 60_000;

/** A reservation asked for, with its request id, its caller's trace and the instant its caller stops waiting. */
type ReserveItem = Parameters<Inventory['reserve']>[0] & { requestId: string; deadline: number; trace: CallerContext };

/**
 * The catalog's `Inventory` over gRPC, with a deadline on every call and a circuit breaker: when
 * the catalog is down, orders fail fast with 503 UPSTREAM_UNAVAILABLE instead of piling up.
 *
 * Reservations travel together: those asked for while a ReserveMany is in flight wait and go in
 * the next one (group commit, at most 100 a call), so a rush of orders costs the catalog and this
 * service a few calls instead of one each. Each caller still gets what Reserve alone would have
 * given it: its reservation, or its own error (OUT_OF_STOCK with the lines, UNKNOWN_BOOK, ...),
 * rebuilt from the item's problem. When the call itself fails (the catalog is down, the breaker is
 * open, the deadline passed), every reservation of that call fails with that call's error.
 */
export function catalogInventory(transport: Transport, options: { deadlineMs: number; logger: Logger }): Inventory {
  const client = createRpcClient(InventoryService, transport, { name: 'catalog', deadlineMs: options.deadlineMs, logger: options.logger });
  // A catalog of the previous version (mid-deploy) has no ReserveMany: one Reserve per order then.
  let singleCallsUntil = 0;
  const reserveLive = async (
    requests: Array<Omit<ReserveItem, 'deadline' | 'trace'>>,
    timeoutMs: number,
  ): Promise<Array<PromiseSettledResult<ReserveResponse>>> => {
    if (Date.now() >= singleCallsUntil) {
      try {
        return outcomesOf(await client.reserveMany({ requests }, { timeoutMs }), requests.length);
      } catch (error) {
        if (!isUnimplemented(error)) throw error;
        singleCallsUntil = Date.now() + SINGLE_CALLS_FOR_MS;
        options.logger.warn('the catalog does not serve ReserveMany (an older version?): one Reserve per order for a minute');
      }
    }
    return Promise.allSettled(requests.map((request) => client.reserve(request, { timeoutMs })));
  };
  const reserveTogether = groupCommit(MAX_RESERVATIONS_PER_CALL, async (items: ReserveItem[]): Promise<Array<PromiseSettledResult<ReserveResponse>>> => {
    // The deadline counts from the ask, not the send: a call waits for the one before it, which
    // ends by its own first deadline, so no caller waits longer than one deadline in all.
    const now = Date.now();
    const live = items.filter((item) => item.deadline > now);
    const outcomes = new Map<ReserveItem, PromiseSettledResult<ReserveResponse>>();
    if (live.length > 0) {
      const timeoutMs = Math.min(...live.map((item) => item.deadline)) - now;
      // One call for many orders: in a span of its own, under the first order's request, linked to each.
      const answers = await inBatchSpan(
        'reserve together',
        live.map((item) => item.trace),
        () =>
          reserveLive(
            live.map(({ deadline: _, trace: _trace, ...request }) => request),
            timeoutMs,
          ),
      );
      live.forEach((item, n) => outcomes.set(item, answers[n]!));
    }
    const timedOut: PromiseSettledResult<ReserveResponse> = { status: 'rejected', reason: upstreamUnavailable('catalog', 1) };
    return items.map((item) => outcomes.get(item) ?? timedOut);
  });
  return {
    reserve: async (request) => {
      // The request id travels with the item: the call is made for many requests, under none of them.
      const outcome = await reserveTogether({
        ...request,
        requestId: currentRequestId() ?? '',
        deadline: Date.now() + options.deadlineMs,
        trace: activeContext(),
      });
      if (outcome.status === 'rejected') throw outcome.reason;
      return toStockReservation(outcome.value);
    },
    release: async (orderId) => {
      await client.release({ orderId });
    },
  };
}

/** Each item's reservation, or the error Reserve alone would have thrown for it. */
function outcomesOf({ outcomes }: ReserveManyResponse, expected: number): Array<PromiseSettledResult<ReserveResponse>> {
  if (outcomes.length !== expected) throw new Error(`The catalog answered ${outcomes.length} outcomes for ${expected} reservations`);
  return outcomes.map(({ result }): PromiseSettledResult<ReserveResponse> => {
    if (result.case === 'reservation') return { status: 'fulfilled', value: result.value };
    if (result.case === 'problem') return { status: 'rejected', reason: problemToError(result.value, 'catalog') };
    return { status: 'rejected', reason: new Error('The catalog answered a reservation with neither a reservation nor a problem') };
  });
}

function isUnimplemented(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof ConnectError && cause.code === Code.Unimplemented;
}

function toStockReservation(response: ReserveResponse): StockReservation {
  return {
    lines: response.lines.map(({ bookId, quantity, title, unitPrice, currency }) => ({ bookId, quantity, title, unitPrice, currency })),
    expiresAt: response.expiresAt,
  };
}
