import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { BlankSlateSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createBlankSlateContext } from './blank-slate-context.ts';
import { registerItemRoutes } from './items/items.routes.ts';

export type { BlankSlateSettings } from '../config.ts';

/**
 * Blank slate: brings its schema up to date and mounts `/api/blank-slate/items`. Subscribe its
 * consumers (`events.subscribe`), serve its gRPC (`rpc.serve`) and schedule its jobs here.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [blankSlateService(blankSlateSettings())] });
 */
export function blankSlateService(settings: BlankSlateSettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'blank_slate', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'blank slate migrations applied');
    const ctx = createBlankSlateContext(deps, settings);
    return {
      name: 'blank-slate',
      routes: async (app) => {
        registerItemRoutes(app, ctx);
      },
    };
  };
}
