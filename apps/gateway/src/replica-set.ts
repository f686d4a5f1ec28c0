import type { Logger } from '@pustaka/kit/log';
import type { Upstream } from '../config.ts';
import { createUpstreamBreaker } from './upstream-breaker.ts';
import type { BreakerState, UpstreamBreaker } from './upstream-breaker.ts';

/** One process of an upstream, with a breaker of its own. */
export interface Replica {
  url: string;
  breaker: UpstreamBreaker;
}

export interface ReplicaSet {
  name: string;
  replicas: readonly Replica[];
  /**
   * The replicas one request may try, in order: the next in turn first (round robin), then the
   * others in turn; behind them the ones whose last try got no answer (a replica that never
   * started is no failing one to its breaker, which would never open), and last the ones whose
   * breaker is open. A replica behind the others is still tried when they fail, and back in turn
   * once it answers or after the breaker's reset time.
   */
  inTurn(): Replica[];
  /** Each replica's breaker state, in the order the replicas were configured. */
  breakerStates(): BreakerState[];
  close(): void;
}

/**
 * An upstream's replicas (`CATALOG_URL=http://a:3002,http://b:3002`), each with its own breaker,
 * so a stopped replica is taken out of turn without stopping its healthy twins.
 *
 * @example
 *   const catalog = createReplicaSet(upstream, { resetTimeoutMs: 10_000, logger });
 *   const [first, second] = catalog.inTurn(); // second: where a failed read is retried
 */
export function createReplicaSet(upstream: Upstream, options: { resetTimeoutMs: number; logger: Logger }): ReplicaSet {
  const replicas = upstream.replicas.map((url) => ({
    url,
    breaker: createUpstreamBreaker({ upstream: upstream.name, replica: url, resetTimeoutMs: options.resetTimeoutMs, logger: options.logger }),
  }));
  let next = 0;
  return {
    name: upstream.name,
    replicas,
    inTurn: () => {
      const start = next;
      next = (next + 1) % replicas.length;
      const rotated = [...replicas.slice(start), ...replicas.slice(0, start)];
      const rank = (replica: Replica) => (replica.breaker.state() === 'open' ? 2 : replica.breaker.failedLast() ? 1 : 0);
      // A stable sort: within a rank, the turn's order.
      return rotated.sort((a, b) => rank(a) - rank(b));
    },
    breakerStates: () => replicas.map((replica) => replica.breaker.state()),
    close: () => {
      for (const replica of replicas) replica.breaker.close();
    },
  };
}
