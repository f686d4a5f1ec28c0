// The gateway on its own: `node apps/gateway/main.ts`, with `<NAME>_URL` for each service of the list
// (IDENTITY_URL, CATALOG_URL, ...; default: its port on this machine; several, comma-separated, for
// its replicas) and REDIS_URL to share rate-limit counts between replicas and see identity's revocations.
import { loadConfigOrExit } from '@pustaka/kit/config';
import { runServer } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { loadGatewayConfig } from './config.ts';
import { createWebRenderer, ensureWebBuild } from '@pustaka/web';
import { buildGateway } from './src/build-gateway.ts';

const config = loadConfigOrExit(() => loadGatewayConfig());
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
await ensureWebBuild(logger);
const { app } = await buildGateway(config, logger, { web: createWebRenderer({ shopLocale: config.SHOP_LOCALE }) });
await runServer(app, {
  port: config.PORT,
  host: config.HOST,
  graceMs: config.SHUTDOWN_GRACE_MS,
  metrics: { host: config.METRICS_HOST, port: config.METRICS_PORT },
});
logger.info({ upstreams: Object.fromEntries(config.upstreams.map((upstream) => [upstream.name, upstream.replicas])) }, 'gateway proxying');
