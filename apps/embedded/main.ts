// `npm start`: the whole platform in one process on http://localhost:8080 (embedded PGlite by default).
import { createLogger } from '@pustaka/kit/log';
import { runServer } from '@pustaka/kit/http';
import { loadEmbeddedConfig } from './config.ts';
import { createWebRenderer, ensureWebBuild } from '@pustaka/web';
import { buildEmbedded } from './src/build-embedded.ts';

const config = loadEmbeddedConfig();
const logger = createLogger({ name: 'pustaka', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
await ensureWebBuild(logger);
const platform = await buildEmbedded(config, logger, undefined, undefined, undefined, createWebRenderer({ shopLocale: config.SHOP_LOCALE }));
await runServer(platform.app, {
  port: config.PORT,
  host: config.HOST,
  graceMs: config.SHUTDOWN_GRACE_MS,
  metrics: { host: config.METRICS_HOST, port: config.METRICS_PORT },
});
const base = `http://localhost:${config.PORT}`;
logger.info(
  {
    web: base,
    api: `${base}/api`,
    docs: `${base}/docs`,
    openapi: `${base}/openapi.json`,
    storage: config.DATABASE_URL ? 'postgresql' : `pglite in ${config.DATA_DIR}`,
  },
  `Pustaka is up at ${base}`,
);
