import CircuitBreaker from 'opossum';
import { ConnectError, createClient } from '@connectrpc/connect';
import type { CallOptions, Client, Transport } from '@connectrpc/connect';
import type { DescService } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import { connectToAppError, isUpstreamFailure, upstreamUnavailable } from './rpc-errors.ts';
import { BREAKER_STATE, rpcClientMetrics } from './rpc-metrics.ts';
import type { BreakerState } from './rpc-metrics.ts';

export interface BreakerOptions {
  /** Share of failed calls in the window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the breaker may open at all, so one failure cannot. Default 5. */
  volumeThreshold?: number;
  /** How long an open breaker refuses calls before letting one through to test. Default 10 s. */
  resetTimeoutMs?: number;
  /** The rolling window failures are counted over. Default 10 s. */
  windowMs?: number;
}

export interface RpcClientOptions {
  /**
   * The upstream, as metrics, logs and errors name it: `catalog`. Make one client per upstream and
   * share it: the breaker is per client, and its gauge and counters are labelled by this name.
   */
  name: string;
  /** Deadline of every call unless the call passes `timeoutMs`. Default 2000. */
  deadlineMs?: number;
  breaker?: BreakerOptions;
  logger?: Logger;
}

const DEFAULT_DEADLINE_MS = 2000;
const breakers = new Map<string, () => BreakerState>();

/**
 * The breaker state of the client named `name` (undefined if there is none), for tests and probes.
 *
 * @example
 *   if (rpcBreakerState('catalog') === 'open') log.warn('catalog calls are failing fast');
 */
export function rpcBreakerState(name: string): BreakerState | undefined {
  return breakers.get(name)?.();
}

/**
 * A client with the same methods as Connect's `createClient`, made for calling another service:
 * every unary call has a deadline, goes through a circuit breaker shared by all calls to this
 * upstream, and fails with the AppError the upstream threw. When the upstream is down, slow or
 * the breaker is open, calls fail with AppError('unavailable', 'UPSTREAM_UNAVAILABLE') at once
 * instead of piling up. Domain errors (OUT_OF_STOCK, NOT_FOUND, ...) never open the breaker.
 * Streaming methods are passed through as they are: a breaker cannot judge a stream by one promise.
 *
 * @example
 *   const inventory = createRpcClient(Inventory, createRpcTransport(config.CATALOG_GRPC_URL), { name: 'catalog', logger });
 *   const { lines } = await inventory.reserve({ orderId, items, ttlSeconds: 300 }); // throws AppError OUT_OF_STOCK
 */
export function createRpcClient<Service extends DescService>(service: Service, transport: Transport, options: RpcClientOptions): Client<Service> {
  const { name, logger } = options;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const resetTimeoutMs = options.breaker?.resetTimeoutMs ?? 10_000;
  const metrics = rpcClientMetrics();
  const breaker = new CircuitBreaker((run: () => Promise<unknown>) => run(), {
    name,
    // The call's own deadline ends it (and cancels the request); a second timer here would not.
    timeout: false,
    errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
    volumeThreshold: options.breaker?.volumeThreshold ?? 5,
    resetTimeout: resetTimeoutMs,
    rollingCountTimeout: options.breaker?.windowMs ?? 10_000,
    // Filtered errors count as successes: the upstream answered, so it is up.
    errorFilter: (error: unknown) => !isUpstreamFailure(ConnectError.from(error)),
  });

  let openedAt = 0;
  const state = (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed');
  const report = () => metrics.breakerState.set({ client: name }, BREAKER_STATE[state()]);
  breaker.on('open', () => {
    openedAt = Date.now();
    report();
    logger?.warn({ upstream: name, resetTimeoutMs }, 'circuit breaker opened: failing calls fast');
  });
  breaker.on('halfOpen', () => {
    report();
    logger?.info({ upstream: name }, 'circuit breaker half-open: trying one call');
  });
  breaker.on('close', () => {
    report();
    logger?.info({ upstream: name }, 'circuit breaker closed');
  });
  report();
  breakers.set(name, state);

  async function call(method: string, run: () => Promise<unknown>): Promise<unknown> {
    metrics.calls.inc({ client: name, method });
    try {
      return await breaker.fire(run);
    } catch (error) {
      if (CircuitBreaker.isOurError(error as Error)) {
        metrics.rejections.inc({ client: name, method });
        throw upstreamUnavailable(name, (openedAt + resetTimeoutMs - Date.now()) / 1000, error);
      }
      const connectError = ConnectError.from(error);
      if (isUpstreamFailure(connectError)) {
        metrics.failures.inc({ client: name, method });
        logger?.warn({ upstream: name, method, code: connectError.code, err: connectError }, 'rpc call failed');
      }
      throw connectToAppError(connectError, name);
    }
  }

  const raw = createClient(service, transport) as Record<string, (request: unknown, callOptions?: CallOptions) => unknown>;
  const client: Record<string, unknown> = {};
  for (const method of service.methods) {
    const send = raw[method.localName]!;
    client[method.localName] =
      method.methodKind !== 'unary'
        ? send
        : (request: unknown, callOptions: CallOptions = {}) =>
            call(method.name, () => send(request, { ...callOptions, timeoutMs: callOptions.timeoutMs ?? deadlineMs }) as Promise<unknown>);
  }
  return client as Client<Service>;
}
