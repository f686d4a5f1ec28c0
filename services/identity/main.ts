import { join } from 'node:path';
import { openCache } from '@pustaka/kit/cache';
import { ConfigError } from '@pustaka/kit/config';
import { openDatabase } from '@pustaka/kit/db';
import { runServer } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform } from '@pustaka/kit/platform';
import { loadIdentityConfig } from './config.ts';
import { identityService } from './src/identity.service-module.ts';

const config = loadConfigOrExit();
const logger = createLogger({ name: 'identity', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: join(config.DATA_DIR, 'identity-pglite'),
  poolMax: config.DATABASE_POOL_MAX,
});
const cache = openCache({ url: config.REDIS_URL });

try {
  const platform = await buildPlatform({
    openapi: { title: 'Pustaka identity', version: '0.1.0' },
    database,
    cache,
    logger,
    services: [identityService(config)],
    http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, trustProxy: config.TRUST_PROXY },
    auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  });
  await runServer(platform.app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
} catch (error) {
  // Nothing is listening yet, so nothing else will release these.
  logger.fatal({ err: error }, 'identity failed to start');
  await cache.close();
  await database.close();
  process.exitCode = 1;
}

/** A configuration mistake is the operator's to fix: say what is wrong, without a stack trace. */
function loadConfigOrExit() {
  try {
    return loadIdentityConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
