import type { DiscoveryContext } from '../discovery-context.ts';
import type { OwnerClients } from '../owners/owner-clients.ts';
import type { RebuildStep } from './rebuild-step.ts';
import { recommendationsSteps } from './recommendations.steps.ts';
import { searchIndexSteps } from './search-index.steps.ts';

/**
 * Every step of a rebuild of discovery's read models, in order: the one list the admin route,
 * `npm run reindex` and `rebuildReadModels` run: the search index from the catalog's books and
 * ticketing's events, then the recommendations from the orders and the bookings.
 *
 * @example
 *   const rebuilds = createRebuilds(discoveryRebuildTarget(ctx), () => readModelSteps(ctx, owners));
 */
export function readModelSteps(ctx: DiscoveryContext, owners: OwnerClients): RebuildStep[] {
  return [...searchIndexSteps(ctx, owners), ...recommendationsSteps(ctx, owners)];
}
