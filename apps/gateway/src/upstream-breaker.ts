import CircuitBreaker from 'opossum';
import type { Logger } from '@pustaka/kit/log';
import { gauge } from '@pustaka/kit/metrics';

/** `pustaka_gateway_upstream_breaker_state{upstream,replica}`: 0 closed, 1 half-open, 2 open (as kit/rpc's breakers). */
export const BREAKER_STATE = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATE;

export interface UpstreamBreakerOptions {
  upstream: string;
  /** The replica's base URL, when the upstream has several (a metric label; default: its only one). */
  replica?: string;
  /** How long an open breaker refuses requests before letting one through to test. */
  resetTimeoutMs: number;
  logger: Logger;
}

export interface UpstreamBreaker {
  /**
   * Runs `attempt` unless the breaker is open. `attempt` must reject only when the upstream gave
   * no answer (refused, reset, timed out); an answer of any status is a success.
   */
  run(attempt: () => Promise<void>): Promise<void>;
  /**
   * The upstream answered (a proxied request, its readiness probe). Until the first time, a
   * failure does not count against the breaker: a service still starting (connection refused)
   * is not a failing one, and an opened breaker would go on refusing it after it came up.
   */
  sawUp(): void;
  /** Whether the last try, within the last `resetTimeoutMs`, got no answer (counted against the breaker or not). */
  failedLast(): boolean;
  state(): BreakerState;
  /** Seconds until an open breaker lets a request through again (at least 1). */
  retryAfterSeconds(): number;
  /** Stops the breaker's timers. */
  close(): void;
}

/**
 * Whether `run` refused because the breaker is open (nothing was sent upstream).
 *
 * @example
 *   breaker.run(attempt).catch((error) => isBreakerRejection(error) ? answerFast() : report(error));
 */
export function isBreakerRejection(error: unknown): boolean {
  return error instanceof Error && CircuitBreaker.isOurError(error);
}

const breakerGauge = () =>
  gauge('pustaka_gateway_upstream_breaker_state', 'Circuit breaker of a gateway upstream replica: 0 closed, 1 half-open, 2 open', ['upstream', 'replica']);

/**
 * One breaker per replica of an upstream, shared by all its routes: when half the requests of the last 10 s (at
 * least 5) got no answer, requests fail at once for `resetTimeoutMs`, then one is let through.
 * Failures count only once the upstream has been up (see `sawUp`).
 *
 * @example
 *   const breaker = createUpstreamBreaker({ upstream: 'catalog', resetTimeoutMs: 10_000, logger });
 *   await breaker.run(() => forward(request, reply));
 */
export function createUpstreamBreaker(options: UpstreamBreakerOptions): UpstreamBreaker {
  const { upstream, resetTimeoutMs, logger } = options;
  const replica = options.replica ?? '';
  let seenUp = false;
  let failedAt = 0;
  const breaker = new CircuitBreaker((attempt: () => Promise<void>) => attempt(), {
    name: upstream,
    // The proxy's own upstream timeout ends a slow request (and aborts it); a timer here would not.
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: 5,
    resetTimeout: resetTimeoutMs,
    rollingCountTimeout: 10_000,
    errorFilter: () => !seenUp,
  });
  const metric = breakerGauge();
  let openedAt = 0;
  const state = (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed');
  const report = () => metric.set({ upstream, replica }, BREAKER_STATE[state()]);
  breaker.on('open', () => {
    openedAt = Date.now();
    report();
    logger.warn({ upstream, replica, resetTimeoutMs }, 'upstream circuit breaker opened: failing requests fast');
  });
  breaker.on('halfOpen', () => {
    report();
    logger.info({ upstream, replica }, 'upstream circuit breaker half-open: trying one request');
  });
  breaker.on('close', () => {
    report();
    logger.info({ upstream, replica }, 'upstream circuit breaker closed');
  });
  report();

  return {
    run: async (attempt) => {
      try {
        await breaker.fire(attempt);
        failedAt = 0;
      } catch (error) {
        if (!isBreakerRejection(error)) failedAt = Date.now();
        throw error;
      }
    },
    sawUp: () => {
      seenUp = true;
      failedAt = 0;
    },
    failedLast: () => failedAt > 0 && Date.now() - failedAt < resetTimeoutMs,
    state,
    retryAfterSeconds: () => (breaker.opened ? Math.max(1, Math.ceil((openedAt + resetTimeoutMs - Date.now()) / 1000)) : 1),
    close: () => breaker.shutdown(),
  };
}
