import type { Print } from './progress.ts';
import type { SeedTarget } from './seed-targets.ts';

/**
 * The one place the seed brings discovery's read models (the search index) up to the seeded
 * owners: the bulk imports announce nothing, so the index is rebuilt from the owners afterwards.
 */
export async function rebuildReadModels(target: SeedTarget, print: Print): Promise<void> {
  print(`Discovery's search index does not know the seeded shop yet (${target.description}): run npm run reindex before searching.`);
}
