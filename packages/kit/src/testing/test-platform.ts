import { createLogger } from '../log/logger.ts';
import { buildPlatform } from '../platform/build-platform.ts';
import type { Platform } from '../platform/build-platform.ts';
import type { PlatformDeps, ServiceFactory } from '../platform/service-module.ts';
import { createEventBus } from '../platform/event-bus.ts';
import { createRpcHub } from '../platform/rpc-hub.ts';
import { createInProcessTransport } from '../bus/in-process-transport.ts';
import type { Logger } from 'pino';
import type { TestStorage } from './backends.ts';

/** What tests' platforms take as PUBLIC_BASE_URL: a name no test server answers to, so a link built from a request's Host shows. */
export const TEST_PUBLIC_BASE_URL = 'https://pustaka.test';

export interface TestPlatform {
  /** Base URL of the server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  storage: TestStorage;
  /** gRPC of the services started, in memory (see `Platform.rpc`). */
  rpc: Platform['rpc'];
  close(): Promise<void>;
}

/**
 * Starts services in-process on a free port over the given storage, as they run for real.
 *
 * @example
 *   const platform = await startTestPlatform(storage, [identityService(settings)]);
 *   await fetch(`${platform.url}/api/auth/register`, ...);
 */
export async function startTestPlatform(
  storage: TestStorage,
  services: ServiceFactory[],
  options: { now?: () => Date; bodyLimitBytes?: number; rpcUpstreams?: Record<string, string>; logger?: Logger; publicBaseUrl?: string } = {},
): Promise<TestPlatform> {
  const platform = await buildPlatform({
    openapi: { title: 'test', version: '0' },
    database: storage.database,
    cache: storage.cache,
    logger: options.logger ?? createLogger({ name: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    services,
    publicBaseUrl: options.publicBaseUrl ?? TEST_PUBLIC_BASE_URL,
    http: { bodyLimitBytes: options.bodyLimitBytes ?? 65_536, requestTimeoutMs: 30_000 },
    auth: { issuer: 'pustaka', audience: 'pustaka' },
    ...(options.now ? { now: options.now } : {}),
    ...(options.rpcUpstreams ? { rpc: { upstreams: options.rpcUpstreams } } : {}),
  });
  // The platform owns storage once started: closing it closes the database and the cache.
  const address = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    storage,
    rpc: platform.rpc,
    close: async () => {
      await platform.close();
      await storage.dispose();
    },
  };
}

/**
 * Everything a service factory receives, over test storage, with in-process events and gRPC: for
 * tests that run a factory without a server (bootstrap, migrations, jobs).
 *
 * @example
 *   const module = await identityService(settings)(platformDepsFor(storage));
 */
export function platformDepsFor(storage: TestStorage, options: { logger?: Logger; now?: () => Date } = {}): PlatformDeps {
  const logger = options.logger ?? createLogger({ name: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  return {
    database: storage.database,
    cache: storage.cache,
    logger,
    now: options.now ?? (() => new Date()),
    events: startedEventBus(storage, logger),
    rpc: createRpcHub({ logger }),
    publicBaseUrl: TEST_PUBLIC_BASE_URL,
  };
}

function startedEventBus(storage: TestStorage, logger: Logger) {
  const events = createEventBus(createInProcessTransport(), storage.database, logger);
  // No outbox is registered yet, so there is nothing to replay: starting is immediate.
  void events.start();
  return events;
}
