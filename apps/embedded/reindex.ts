// `npm run reindex`: rebuilds discovery's search index from scratch from the catalog and ticketing.
//
//   npm run reindex                                   the embedded default, with `npm start` stopped: in this
//                                                     process, on the database the configuration names
//                                                     (DATABASE_URL, else the PGlite under DATA_DIR)
//   npm run reindex -- --url http://localhost:8080    a running platform (embedded or cluster), through its
//                                                     admin route, signed in as ADMIN_EMAIL / ADMIN_PASSWORD
//
// Search keeps answering from the live index until the rebuilt one takes its place. Prints progress;
// exits 1 when the rebuild failed (the live index is then as it was).
import { parseArgs } from 'node:util';
import { rebuildReadModels } from '@pustaka/discovery';
import type { DiscoverySettings } from '@pustaka/discovery';
import { createLogger } from '@pustaka/kit/log';
import { settingsOf } from '@pustaka/kit/platform';
import { serviceNamed } from '@pustaka/services';
import { loadEmbeddedConfig } from './config.ts';
import { buildEmbedded, openEmbeddedDatabase } from './src/build-embedded.ts';
import { progressPrinter } from './src/reindex-progress.ts';
import { reindexThroughRoute } from './src/reindex-through-route.ts';

const { values } = parseArgs({ options: { url: { type: 'string' } } });

if (values.url) {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) {
    console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD to an admin of the platform at --url.');
    process.exit(2);
  }
  console.log(`Rebuilding the search index of ${values.url}`);
  const progress = progressPrinter(console.log);
  let told = false;
  const run = await reindexThroughRoute(
    values.url,
    { email, password },
    {
      onRun: (each, followed) => {
        if (followed && !told) console.log(`A rebuild was running already (${each.id}): following it`);
        told = true;
        progress.update(each.steps);
      },
    },
  );
  console.log(progress.finished(run.state === 'succeeded' ? 'succeeded' : 'failed', run.error));
  process.exitCode = run.state === 'succeeded' ? 0 : 1;
} else {
  const config = loadEmbeddedConfig();
  const logger = createLogger({ name: 'reindex', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const database = await openEmbeddedDatabase(config);
  console.log(`Rebuilding the search index in ${config.DATABASE_URL ? 'PostgreSQL' : `the PGlite under ${config.DATA_DIR}`}`);
  // The owners serve their listings in memory; the platform is built, never listened on.
  const platform = await buildEmbedded(config, logger, database);
  const progress = progressPrinter(console.log);
  try {
    await rebuildReadModels({
      database,
      rpc: platform.rpc,
      logger,
      settings: settingsOf(serviceNamed('discovery'), config) as Partial<DiscoverySettings>,
      onProgress: (steps) => progress.update(steps),
    });
    console.log(progress.finished('succeeded', null));
  } catch (error) {
    console.log(progress.finished('failed', (error as Error).message));
    process.exitCode = 1;
  } finally {
    await platform.close();
  }
}
