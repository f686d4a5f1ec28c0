import type { DiscoveryContext } from '../discovery-context.ts';
import type { OwnerClients } from '../owners/owner-clients.ts';
import type { RebuildStep } from './rebuild-step.ts';
import { searchIndexSteps } from './search-index.steps.ts';

/**
 * Every step of a rebuild of discovery's read models, in order: the one list the admin route,
 * `npm run reindex` and `rebuildReadModels` run. A read model rebuilt from its owners adds its
 * steps here (orders from `listedOrders`, bookings from `confirmedBookings`).
 *
 * @example
 *   const rebuilds = createRebuilds(ctx, () => readModelSteps(ctx, owners));
 */
export function readModelSteps(ctx: DiscoveryContext, owners: OwnerClients): RebuildStep[] {
  return [...searchIndexSteps(ctx, owners)];
}
