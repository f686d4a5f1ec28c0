import { rebuildRollups } from '@pustaka/analytics';
import type { AnalyticsSettings } from '@pustaka/analytics';
import { rebuildReadModels } from '@pustaka/discovery';
import type { DiscoverySettings } from '@pustaka/discovery';
import type { Cache } from '@pustaka/kit/cache';
import type { Database } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { settingsOf } from '@pustaka/kit/platform';
import type { RpcHub } from '@pustaka/kit/platform';
import { serviceNamed } from '@pustaka/services';
import type { EmbeddedConfig } from '../config.ts';
import type { StepProgress } from './reindex-progress.ts';

/** What a rebuild in this process is given: the database, the owners in memory, the cache, the settings. */
export interface InProcessRebuild {
  config: Readonly<EmbeddedConfig>;
  database: Database;
  rpc: Pick<RpcHub, 'transportTo'>;
  cache: Cache;
  logger: Logger;
  onProgress: (steps: readonly StepProgress[]) => void;
}

/** A read model `npm run rebuild -- <name>` rebuilds from its owners. */
export interface RebuildTarget {
  /** What it is called on the command line: the service that keeps it. */
  name: string;
  /** What the command says it rebuilds. */
  what: string;
  /** What stays as it was when a rebuild fails. */
  live: string;
  /** The admin route that starts a rebuild (POST) and, with `/:id` after it, follows one (GET). */
  route: string;
  /** Rebuilds it in this process and resolves with its steps once the rebuilt one is live; throws when it failed. */
  inProcess(options: InProcessRebuild): Promise<{ steps: readonly StepProgress[] }>;
}

/**
 * The read models a rebuild knows: discovery's search index and recommendations, and analytics'
 * dashboard rollups.
 *
 * @example
 *   const target = rebuildTarget('analytics'); // { route: '/api/dashboard/rebuild', ... }
 */
export const REBUILD_TARGETS: readonly RebuildTarget[] = [
  {
    name: 'discovery',
    what: 'the search index and the recommendations',
    live: 'the live index is',
    route: '/api/search/reindex',
    inProcess: ({ config, database, rpc, logger, onProgress }) =>
      rebuildReadModels({ database, rpc, logger, settings: settingsOf(serviceNamed('discovery'), config) as Partial<DiscoverySettings>, onProgress }),
  },
  {
    name: 'analytics',
    what: "the dashboard's rollups",
    live: 'the live rollups are',
    route: '/api/dashboard/rebuild',
    inProcess: ({ config, database, rpc, cache, logger, onProgress }) =>
      rebuildRollups({ database, rpc, cache, logger, settings: settingsOf(serviceNamed('analytics'), config) as Partial<AnalyticsSettings>, onProgress }),
  },
];

/** The target of that name, or undefined. */
export function rebuildTarget(name: string | undefined): RebuildTarget | undefined {
  return REBUILD_TARGETS.find((target) => target.name === name);
}
