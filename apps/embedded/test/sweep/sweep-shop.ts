import type { Logger } from '@pustaka/kit/log';
import { createLogger } from '@pustaka/kit/log';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { loadEmbeddedConfig } from '../../config.ts';
import { buildEmbedded } from '../../src/build-embedded.ts';
import { buildSweepWorld } from './sweep-world.ts';
import type { SweepCast } from './sweep-world.ts';

export const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };

export interface SweepShop {
  platform: Platform;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  base: string;
  api: HttpClient;
  cast: SweepCast;
  close(): Promise<void>;
}

/**
 * A `describeService` start: the embedded platform as `npm start` builds it (no demo shop, a known
 * admin) over the test backend, with the sweep's world of one of everything in it.
 *
 * @example
 *   describeService('the access matrix', startSweepShop({ env: { REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000' } }), (shop) => { ... });
 */
export function startSweepShop(options: { env?: Record<string, string>; logger?: Logger; now?: () => Date } = {}) {
  return async (storage: TestStorage): Promise<SweepShop> => {
    const config = loadEmbeddedConfig({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      // Every request of these suites comes from 127.0.0.1: the edge's limits are for real clients
      // (edge-rate-limit.test.ts checks them).
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      ...options.env,
    });
    const logger = options.logger ?? createLogger({ name: 'sweep', level: 'silent' });
    const platform = await buildEmbedded(config, logger, storage.database, storage.cache, options.now);
    const base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    const api = httpClient(base);
    return { platform, base, api, cast: await buildSweepWorld(api, ADMIN), close: () => platform.close() };
  };
}
