import type { Caller } from '@pustaka/kit/auth';
import { eventNotFound } from '../events/event.ts';
import { isStaff } from '../staff.ts';
import { viewFor } from './seat-map-build.ts';
import type { SeatMapView } from './seat-map-build.ts';
import type { SeatMapCache } from './seat-map-cache.ts';

/**
 * Where every seat of an event stands now (free, held, booked, blocked), which are the caller's,
 * and what is left; for general admission, the places left. Holds past their time show as free.
 * Served from the replica's built map, the caller's own seats laid over it; a draft's map is
 * staff's only, as the draft is.
 */
export async function getSeatMap(maps: SeatMapCache, caller: Caller | null, eventId: string): Promise<SeatMapView> {
  const build = await maps.current(eventId);
  if (!build || (build.status === 'draft' && !isStaff(caller))) throw eventNotFound();
  return viewFor(build, caller?.id);
}
