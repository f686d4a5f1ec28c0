import { createLogger } from '../log/logger.ts';
import { buildPlatform } from '../platform/build-platform.ts';
import type { ServiceFactory } from '../platform/service-module.ts';
import type { TestStorage } from './backends.ts';

export interface TestPlatform {
  /** Base URL of the server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  storage: TestStorage;
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
  options: { now?: () => Date; bodyLimitBytes?: number } = {},
): Promise<TestPlatform> {
  const platform = await buildPlatform({
    openapi: { title: 'test', version: '0' },
    database: storage.database,
    cache: storage.cache,
    logger: createLogger({ name: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    services,
    http: { bodyLimitBytes: options.bodyLimitBytes ?? 65_536, requestTimeoutMs: 30_000 },
    auth: { issuer: 'pustaka', audience: 'pustaka' },
    ...(options.now ? { now: options.now } : {}),
  });
  // The platform owns storage once started: closing it closes the database and the cache.
  const address = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    storage,
    close: async () => {
      await platform.close();
      await storage.dispose();
    },
  };
}
