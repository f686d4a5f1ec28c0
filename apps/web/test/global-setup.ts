import { createLogger } from '@pustaka/kit/log';
import { ensureWebBuild } from '../serve/index.ts';

/**
 * Builds the web app once before any suite starts (about half a minute on a fresh clone, nothing
 * when it is current): the browser suites and the cluster's gateway then serve the same build,
 * and no suite spends its own time budget building it.
 */
export default async function setup(): Promise<void> {
  await ensureWebBuild(createLogger({ name: 'web-build', level: 'info' }));
}
