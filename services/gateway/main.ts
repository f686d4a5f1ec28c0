// The gateway on its own: `node services/gateway/main.ts` with IDENTITY_URL, CATALOG_URL, ORDERS_URL
// (and REDIS_URL to share rate-limit counts between replicas).
import { ConfigError } from '@pustaka/kit/config';
import { runServer } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { loadGatewayConfig } from './config.ts';
import { buildGateway } from './src/build-gateway.ts';

const config = loadConfigOrExit();
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const { app } = await buildGateway(config, logger);
await runServer(app, { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
logger.info({ identity: config.IDENTITY_URL, catalog: config.CATALOG_URL, orders: config.ORDERS_URL }, 'gateway proxying');

/** A configuration mistake is the operator's to fix: say what is wrong, without a stack trace. */
function loadConfigOrExit() {
  try {
    return loadGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
