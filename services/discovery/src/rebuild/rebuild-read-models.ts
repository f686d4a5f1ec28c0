import type { Database } from '@pustaka/kit/db';
import { migrateToLatest } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { RpcHub } from '@pustaka/kit/platform';
import { createRebuilds } from '@pustaka/kit/rebuild';
import { discoverySettings } from '../../config.ts';
import type { DiscoverySettings } from '../../config.ts';
import { migrations } from '../../migrations/index.ts';
import { createDiscoveryContext } from '../discovery-context.ts';
import type { RebuildStepProgress } from '../discovery.tables.ts';
import { ownerClients } from '../owners/owner-clients.ts';
import { readModelSteps } from './read-model-steps.ts';
import { discoveryRebuildTarget } from './rebuild-target.ts';
import type { RebuildRun } from './rebuild.schema.ts';

export interface RebuildReadModelsOptions {
  /** The database discovery's schema is in (the embedded app's, or discovery's own in the cluster). */
  database: Database;
  /** How to call the owners: a platform's `rpc` hosting them in this process, or one with their addresses. */
  rpc: Pick<RpcHub, 'transportTo'>;
  logger: Logger;
  /** Discovery's settings over the defaults (`DISCOVERY_REBUILD_PAGE_SIZE`, `DISCOVERY_OWNER_DEADLINE_MS`). */
  settings?: Partial<DiscoverySettings>;
  /** Called after every page with how far each step is; the run goes on once it has resolved. */
  onProgress?: (steps: readonly RebuildStepProgress[]) => void | Promise<void>;
}

/**
 * Rebuilds discovery's read models (the search index) from scratch from their owners, in this
 * process, and resolves once the rebuilt ones are live: for `npm run reindex` with the app stopped
 * and for a seeder that wrote the owners' tables directly, without their events. Searches (of a
 * platform running on the same database) keep answering from the live index meanwhile, and events
 * consumed meanwhile are not lost. Throws when it failed (the live read models are then as they
 * were) and AppError REBUILD_RUNNING when a rebuild is running already.
 *
 * @example
 *   const platform = await buildEmbedded(config, logger, database); // the owners serve their listings in memory
 *   const run = await rebuildReadModels({ database, rpc: platform.rpc, logger, onProgress: (steps) => console.log(steps) });
 *   console.log(run.steps); // [{ name: 'books', state: 'done', items: 100000 }, { name: 'events', state: 'done', items: 1000 }]
 *   await platform.close();
 */
export async function rebuildReadModels(options: RebuildReadModelsOptions): Promise<RebuildRun> {
  const { database, rpc, logger } = options;
  await migrateToLatest(database, 'discovery', migrations);
  const ctx = createDiscoveryContext({ database, logger, now: () => new Date() }, discoverySettings(options.settings));
  const owners = ownerClients(rpc, { deadlineMs: ctx.settings.DISCOVERY_OWNER_DEADLINE_MS, logger: ctx.logger });
  const run = await createRebuilds(discoveryRebuildTarget(ctx), () => readModelSteps(ctx, owners)).run(options.onProgress);
  if (run.state !== 'succeeded') throw new Error(`The rebuild ${run.id} failed: ${run.error ?? 'no reason recorded'}`);
  return run;
}
