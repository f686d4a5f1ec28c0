import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { NotifySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createNotifyContext } from './notify-context.ts';
import { registerItemRoutes } from './items/items.routes.ts';

export type { NotifySettings } from '../config.ts';

/**
 * Notify: brings its schema up to date and mounts `/api/notify/items`. Subscribe its
 * consumers (`events.subscribe`), serve its gRPC (`rpc.serve`) and schedule its jobs here.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [notifyService(notifySettings())] });
 */
export function notifyService(settings: NotifySettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'notify', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'notify migrations applied');
    const ctx = createNotifyContext(deps, settings);
    return {
      name: 'notify',
      routes: async (app) => {
        registerItemRoutes(app, ctx);
      },
    };
  };
}
