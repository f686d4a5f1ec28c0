import { openCache } from '@pustaka/kit/cache';
import { createLogger } from '@pustaka/kit/log';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded, openEmbeddedDatabase } from './build-embedded.ts';
import { progressPrinter } from './reindex-progress.ts';
import { reindexThroughRoute } from './reindex-through-route.ts';
import type { RebuildTarget } from './rebuild-targets.ts';

/**
 * `npm run rebuild -- <target>` (and `npm run reindex`, discovery's): rebuilds the target's read
 * model from its owners, in this process on the configured database, or, with `url`, through the
 * admin route of a running platform, signed in as ADMIN_EMAIL / ADMIN_PASSWORD. Prints progress
 * and a summary; sets the exit code (1 when the rebuild failed, 2 when the admin is not set).
 *
 * @example
 *   await runRebuildCommand(rebuildTarget('analytics')!, { url: 'http://localhost:8080' });
 */
export async function runRebuildCommand(target: RebuildTarget, options: { url?: string | undefined }): Promise<void> {
  const progress = progressPrinter(console.log, Date.now, target.live);
  if (options.url) {
    const email = process.env.ADMIN_EMAIL;
    const password = process.env.ADMIN_PASSWORD;
    if (!email || !password) {
      console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD to an admin of the platform at --url.');
      process.exitCode = 2;
      return;
    }
    console.log(`Rebuilding ${target.what} of ${options.url}`);
    let told = false;
    const run = await reindexThroughRoute(
      options.url,
      { email, password },
      {
        route: target.route,
        onRun: (each, followed) => {
          if (followed && !told) console.log(`A rebuild was running already (${each.id}): following it`);
          told = true;
          progress.update(each.steps);
        },
      },
    );
    console.log(progress.finished(run.state === 'succeeded' ? 'succeeded' : 'failed', run.error));
    process.exitCode = run.state === 'succeeded' ? 0 : 1;
    return;
  }
  const config = loadEmbeddedConfig();
  const logger = createLogger({ name: 'rebuild', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const database = await openEmbeddedDatabase(config);
  const cache = openCache({ url: config.REDIS_URL });
  console.log(`Rebuilding ${target.what} in ${config.DATABASE_URL ? 'PostgreSQL' : `the PGlite under ${config.DATA_DIR}`}`);
  // The owners serve their listings in memory; the platform is built, never listened on.
  const platform = await buildEmbedded(config, logger, database, cache);
  try {
    await target.inProcess({ config, database, rpc: platform.rpc, cache, logger, onProgress: (steps) => progress.update(steps) });
    console.log(progress.finished('succeeded', null));
  } catch (error) {
    console.log(progress.finished('failed', (error as Error).message));
    process.exitCode = 1;
  } finally {
    await platform.close();
  }
}
