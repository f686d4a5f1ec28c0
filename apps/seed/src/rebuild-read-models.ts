import { rebuildRollups } from '@pustaka/analytics';
import type { AnalyticsSettings } from '@pustaka/analytics';
import { rebuildReadModels } from '@pustaka/discovery';
import type { DiscoverySettings } from '@pustaka/discovery';
import { buildEmbedded } from '@pustaka/embedded';
import type { EmbeddedConfig } from '@pustaka/embedded/config';
import { openCache } from '@pustaka/kit/cache';
import type { Database } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { settingsOf } from '@pustaka/kit/platform';
import { serviceNamed } from '@pustaka/services';
import type { Print } from './progress.ts';

/** How often the rebuild's progress is printed, at most. */
const EVERY_MS = 2_000;

/**
 * Rebuilds the read models from the seeded owners, in this process: the bulk imports announced
 * nothing, so discovery (its search index and recommendations) and analytics (the dashboard's
 * rollups) learn the shop from the owners' listings (discovery's `rebuildReadModels` and analytics'
 * `rebuildRollups`, the same as `npm run rebuild -- discovery` and `-- analytics`). The embedded
 * platform is built over the seeded database so the owners serve their listings in memory; it
 * never listens.
 *
 * @example
 *   await rebuildEmbeddedReadModels(config, database, console.log);
 */
export async function rebuildEmbeddedReadModels(config: Readonly<EmbeddedConfig>, database: Database, print: Print): Promise<void> {
  // Warnings only: the platform's start is not the seed's story, but a first admin's password is.
  const logger = createLogger({ name: 'seed', level: 'warn', pretty: config.LOG_PRETTY });
  const cache = openCache({ url: config.REDIS_URL });
  const platform = await buildEmbedded(config, logger, database, cache);
  try {
    await timed('search index', print, (onProgress) =>
      rebuildReadModels({
        database,
        rpc: platform.rpc,
        logger,
        settings: settingsOf(serviceNamed('discovery'), config) as Partial<DiscoverySettings>,
        onProgress,
      }),
    );
    await timed('dashboard', print, (onProgress) =>
      rebuildRollups({
        database,
        rpc: platform.rpc,
        cache,
        logger,
        settings: settingsOf(serviceNamed('analytics'), config) as Partial<AnalyticsSettings>,
        onProgress,
      }),
    );
  } finally {
    await platform.close();
  }
}

type Steps = ReadonlyArray<{ name: string; items: number }>;

/** Runs one rebuild, printing its steps every few seconds and once it is done, with how long it took. */
async function timed(name: string, print: Print, rebuild: (onProgress: (steps: Steps) => void) => Promise<{ steps: Steps }>): Promise<void> {
  const started = performance.now();
  let printed = started;
  const run = await rebuild((steps) => {
    if (performance.now() - printed < EVERY_MS) return;
    printed = performance.now();
    print(`  ${name}: ${stepsOf(steps)}`);
  });
  print(`  ${name}: ${stepsOf(run.steps)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function stepsOf(steps: Steps): string {
  return steps.map((step) => `${step.items.toLocaleString('en')} ${step.name}`).join(', ');
}
