import { counter, gauge } from '../metrics/registry.ts';

/** `pustaka_rpc_breaker_state{client}`: 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATE;

/** Created on first use, so importing kit/rpc registers nothing for a process that makes no calls. */
export function rpcClientMetrics() {
  return {
    breakerState: gauge('pustaka_rpc_breaker_state', 'Circuit breaker of a gRPC client: 0 closed, 1 half-open, 2 open', ['client']),
    calls: counter('pustaka_rpc_client_calls_total', 'gRPC calls made, by upstream and method', ['client', 'method']),
    failures: counter(
      'pustaka_rpc_client_failures_total',
      'gRPC calls that failed because the upstream or the way to it did (unavailable, deadline, internal); domain errors are not counted',
      ['client', 'method'],
    ),
    rejections: counter('pustaka_rpc_client_rejections_total', 'gRPC calls refused by an open circuit breaker, never sent', ['client', 'method']),
  };
}
