import type { Database } from '@pustaka/kit/db';
import { migrateToLatest } from '@pustaka/kit/db';
import type { Cache } from '@pustaka/kit/cache';
import type { Logger } from '@pustaka/kit/log';
import type { RpcHub } from '@pustaka/kit/platform';
import { createRebuilds } from '@pustaka/kit/rebuild';
import { analyticsSettings } from '../../config.ts';
import type { AnalyticsSettings } from '../../config.ts';
import { migrations } from '../../migrations/index.ts';
import { createAnalyticsContext } from '../analytics-context.ts';
import type { RebuildStepProgress } from '../analytics.tables.ts';
import { ownerClients } from './owner-clients.ts';
import { rebuildSteps } from './rebuild-steps.ts';
import { analyticsRebuildTarget } from './rebuild-target.ts';
import type { RebuildRun } from './rebuild.schema.ts';

export interface RebuildRollupsOptions {
  /** The database analytics' schema is in (the embedded app's, or analytics' own in the cluster). */
  database: Database;
  /** How to call the owners: a platform's `rpc` hosting them in this process, or one with their addresses. */
  rpc: Pick<RpcHub, 'transportTo'>;
  /** The cache the dashboard's answers are in, dropped once the rebuilt rollups are live. */
  cache: Cache;
  logger: Logger;
  /** Analytics' settings over the defaults (`ANALYTICS_TIME_ZONE`, `ANALYTICS_REBUILD_PAGE_SIZE`, ...). */
  settings?: Partial<AnalyticsSettings>;
  /** Called after every page with how far each step is; the run goes on once it has resolved. */
  onProgress?: (steps: readonly RebuildStepProgress[]) => void | Promise<void>;
}

/**
 * Rebuilds the dashboard's rollups from scratch from their owners, in this process, and resolves
 * once the rebuilt ones are live: for `npm run rebuild -- analytics` with the app stopped and for
 * a seeder that wrote the owners' tables directly, without their events. The dashboard (of a
 * platform running on the same database) keeps answering from the live rollups meanwhile, and
 * events consumed meanwhile are not lost. Throws when it failed (the live rollups are then as they
 * were) and AppError REBUILD_RUNNING when a rebuild is running already.
 *
 * @example
 *   const platform = await buildEmbedded(config, logger, database); // the owners serve their listings in memory
 *   const run = await rebuildRollups({ database, rpc: platform.rpc, cache: platform.cache, logger });
 *   console.log(run.steps); // [{ name: 'books', state: 'done', items: 240 }, ..., { name: 'bookings', state: 'done', items: 12 }]
 */
export async function rebuildRollups(options: RebuildRollupsOptions): Promise<RebuildRun> {
  const { database, rpc, logger, cache } = options;
  await migrateToLatest(database, 'analytics', migrations);
  const ctx = createAnalyticsContext({ database, cache, logger, now: () => new Date() }, analyticsSettings(options.settings));
  const owners = ownerClients(rpc, { deadlineMs: ctx.settings.ANALYTICS_OWNER_DEADLINE_MS, logger: ctx.logger });
  const run = await createRebuilds(analyticsRebuildTarget(ctx), () => rebuildSteps(ctx, owners)).run(options.onProgress);
  if (run.state !== 'succeeded') throw new Error(`The rebuild ${run.id} failed: ${run.error ?? 'no reason recorded'}`);
  return run;
}
