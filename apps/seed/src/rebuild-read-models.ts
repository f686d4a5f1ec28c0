import { rebuildReadModels } from '@pustaka/discovery';
import type { DiscoverySettings } from '@pustaka/discovery';
import { buildEmbedded } from '@pustaka/embedded';
import type { EmbeddedConfig } from '@pustaka/embedded/config';
import type { Database } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { settingsOf } from '@pustaka/kit/platform';
import { serviceNamed } from '@pustaka/services';
import type { Print } from './progress.ts';

/** How often the rebuild's progress is printed, at most. */
const EVERY_MS = 2_000;

/**
 * Rebuilds discovery's read models (the search index) from the seeded owners, in this process:
 * the bulk imports announced nothing, so discovery learns the shop from the owners' listings
 * (discovery's `rebuildReadModels`, the same as `npm run reindex`). The embedded platform is built
 * over the seeded database so the owners serve their listings in memory; it never listens.
 *
 * @example
 *   await rebuildEmbeddedReadModels(config, database, console.log);
 */
export async function rebuildEmbeddedReadModels(config: Readonly<EmbeddedConfig>, database: Database, print: Print): Promise<void> {
  // Warnings only: the platform's start is not the seed's story, but a first admin's password is.
  const logger = createLogger({ name: 'seed', level: 'warn', pretty: config.LOG_PRETTY });
  const platform = await buildEmbedded(config, logger, database);
  const started = performance.now();
  let printed = started;
  try {
    const run = await rebuildReadModels({
      database,
      rpc: platform.rpc,
      logger,
      settings: settingsOf(serviceNamed('discovery'), config) as Partial<DiscoverySettings>,
      onProgress: (steps) => {
        if (performance.now() - printed < EVERY_MS) return;
        printed = performance.now();
        print(`  search index: ${stepsOf(steps)}`);
      },
    });
    print(`  search index: ${stepsOf(run.steps)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await platform.close();
  }
}

function stepsOf(steps: ReadonlyArray<{ name: string; items: number }>): string {
  return steps.map((step) => `${step.items.toLocaleString('en')} ${step.name}`).join(', ');
}
