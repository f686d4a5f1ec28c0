import { migrateToLatest } from '@pustaka/kit/db';
import type { RebuildTarget } from '@pustaka/kit/rebuild';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsContext } from '../analytics-context.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { forgetAnswersOver } from '../answer-cache/dashboard-answers.ts';
import { REBUILT_TABLES, SHADOW_SCHEMA } from '../read-model/rollup-schemas.ts';
import { analyzeShadowTables, dropShadowSchema, holdSwapLockAlone, swapInShadowTables } from '../read-model/shadow.repository.ts';
import type { RebuildStep } from './rebuild-steps.ts';

/**
 * The rollups as the kit's rebuild pipeline drives them: the shadow schema is made by analytics'
 * own migrations, every rebuilt table goes live at once, and then every cached dashboard answer is
 * dropped. The dashboard keeps reading the live tables all along and sees the new ones at once.
 *
 * @example
 *   const rebuilds = createRebuilds(analyticsRebuildTarget(ctx), () => rebuildSteps(ctx, owners));
 */
export function analyticsRebuildTarget(ctx: AnalyticsContext): RebuildTarget<AnalyticsTables, RebuildStep> {
  return {
    service: 'analytics',
    rebuilt: 'rollups',
    db: ctx.db,
    logger: ctx.logger,
    now: ctx.now,
    shadow: ctx.db.withSchema(SHADOW_SCHEMA),
    migrateShadow: () => migrateToLatest(ctx.database, SHADOW_SCHEMA, migrations),
    dropShadow: dropShadowSchema,
    holdSwapLockAlone,
    analyzeShadow: () => analyzeShadowTables(ctx.db, REBUILT_TABLES),
    swapIn: (trx) => swapInShadowTables(trx, REBUILT_TABLES),
    // Every answer cached was read from the tables just replaced.
    afterSwap: () => forgetAnswersOver(ctx.cache, ctx.settings.ANALYTICS_CACHE_TTL_SECONDS, { days: [], reference: true }),
  };
}
