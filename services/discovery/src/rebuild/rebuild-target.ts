import { migrateToLatest } from '@pustaka/kit/db';
import type { RebuildTarget } from '@pustaka/kit/rebuild';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { SHADOW_SCHEMA } from '../read-models/read-model-schemas.ts';
import { analyzeShadowTables, dropShadowSchema, holdSwapLockAlone, swapInShadowTables } from '../read-models/read-models.repository.ts';
import type { RebuildStep } from './rebuild-step.ts';

/**
 * Discovery's read models as the kit's rebuild pipeline drives them: the shadow schema is made by
 * discovery's own migrations, and the tables every step names go live together, after what each
 * step carries over from the live ones (tombstones of deleted books).
 *
 * @example
 *   const rebuilds = createRebuilds(discoveryRebuildTarget(ctx), () => readModelSteps(ctx, owners));
 */
export function discoveryRebuildTarget(ctx: DiscoveryContext): RebuildTarget<DiscoveryTables, RebuildStep> {
  const tablesOf = (steps: readonly RebuildStep[]) => [...new Set(steps.flatMap((step) => step.tables))];
  return {
    service: 'discovery',
    rebuilt: 'read models',
    db: ctx.db,
    logger: ctx.logger,
    now: ctx.now,
    shadow: ctx.db.withSchema(SHADOW_SCHEMA),
    migrateShadow: () => migrateToLatest(ctx.database, SHADOW_SCHEMA, migrations),
    dropShadow: dropShadowSchema,
    holdSwapLockAlone,
    analyzeShadow: (steps) => analyzeShadowTables(ctx.db, tablesOf(steps)),
    swapIn: async (trx, steps) => {
      for (const step of steps) await step.carryOver?.(trx);
      await swapInShadowTables(trx, tablesOf(steps));
    },
  };
}
