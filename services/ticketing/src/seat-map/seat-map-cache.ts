import { LRUCache } from 'lru-cache';
import { counter } from '@pustaka/kit/metrics';
import type { TicketingContext } from '../ticketing-context.ts';
import { findEvent } from '../events/events.repository.ts';
import { findSeatMap } from '../seats/seats.repository.ts';
import { knownSeatMapVersion, startSeatMapVersion } from '../seats/seat-map-version.ts';
import { buildGeneralMap, buildSeatedMap } from './seat-map-build.ts';
import type { SeatMapBuild } from './seat-map-build.ts';
import { findPlacesByMember } from './seat-map.repository.ts';

export interface SeatMapCacheOptions {
  /** Events whose built maps one replica keeps (least recently read go first). */
  maxEvents: number;
  /**
   * The longest a built map is served without a rebuild even if its version stands still: what a
   * change costs at worst when the process that committed it died before it could move the version.
   */
  maxAgeSeconds: number;
}

/** Seat maps as built and kept by this replica. */
export interface SeatMapCache {
  /** The event's map as it stands, built at most once per version however many ask; `undefined` when there is no such event. */
  current(eventId: string): Promise<SeatMapBuild | undefined>;
}

type BuildReason = 'cold' | 'changed' | 'hold-expired' | 'aged';

/** A build under way; `seq` orders builds by when they began reading. */
interface Flight {
  version: string;
  seq: number;
  promise: Promise<SeatMapBuild | undefined>;
}

interface Kept {
  version: string;
  seq: number;
  build: SeatMapBuild;
}

const builds = () => counter('pustaka_ticketing_seat_map_builds_total', 'Seat maps built from the database, by why the kept one would not do', ['reason']);

/**
 * The seat-map cache of one replica. The map of an event is built from the database and kept in
 * this process (its bytes are read on every request: shipping them from Redis would cost more
 * than building them), under the version the shared cache holds for the event. A request reads
 * the version (one small Redis read) and is served the kept map if it was built under that
 * version, no hold it shows as held has expired since and it is younger than `maxAgeSeconds`;
 * else every request that finds it so joins one build.
 *
 * A build serves a request if it was built under the version the request read, or began after the
 * request did: either way it read the database after every change whose version move preceded the
 * request. Versions move after commit (see `inSeatTransaction`), so no build under a version can
 * predate a change made before that version was set.
 */
export function createSeatMapCache(ctx: TicketingContext, options: SeatMapCacheOptions): SeatMapCache {
  const kept = new LRUCache<string, Kept>({ max: options.maxEvents });
  const flights = new Map<string, Flight>();
  const maxAgeMs = options.maxAgeSeconds * 1000;
  let lastSeq = 0;

  const staleness = (entry: Kept, now: number): BuildReason | undefined => {
    if (now >= entry.build.staleAt) return 'hold-expired';
    if (now - entry.build.asOf >= maxAgeMs) return 'aged';
    return undefined;
  };

  const start = (eventId: string, version: string, reason: BuildReason): Flight => {
    const flight: Flight = { version, seq: ++lastSeq, promise: Promise.resolve(undefined) };
    flight.promise = (async () => {
      try {
        builds().inc({ reason });
        const build = await buildSeatMap(ctx, eventId);
        const before = kept.get(eventId);
        if (build && (!before || before.seq < flight.seq)) kept.set(eventId, { version, seq: flight.seq, build });
        return build;
      } finally {
        if (flights.get(eventId) === flight) flights.delete(eventId);
      }
    })();
    flights.set(eventId, flight);
    return flight;
  };

  return {
    async current(eventId) {
      const arrival = lastSeq;
      const version = await versionOf(ctx, eventId);
      if (version === undefined) return undefined;
      const usable = (entry: { version: string; seq: number }) => entry.version === version || entry.seq > arrival;
      const entry = kept.get(eventId);
      const stale = entry && usable(entry) ? staleness(entry, ctx.now().getTime()) : entry ? 'changed' : 'cold';
      if (entry && stale === undefined) return entry.build;
      let flight = flights.get(eventId);
      if (!flight || !usable(flight)) flight = start(eventId, version, stale ?? 'cold');
      const build = await flight.promise;
      // Joined a build that began before this request and went out of date while it ran (a hold
      // expired meanwhile): one that begins now answers.
      if (build && flight.seq <= arrival && ctx.now().getTime() >= build.staleAt) {
        const next = flights.get(eventId);
        return (next && next.seq > arrival ? next : start(eventId, version, 'hold-expired')).promise;
      }
      return build;
    },
  };
}

/** The event's version, started if it has none yet; `undefined` for an event that does not exist (no key is made for it). */
async function versionOf(ctx: TicketingContext, eventId: string): Promise<string | undefined> {
  const known = await knownSeatMapVersion(ctx.cache, eventId);
  if (known !== undefined) return known;
  if (!(await findEvent(ctx.db, eventId))) return undefined;
  return startSeatMapVersion(ctx.cache, eventId);
}

/** The event's map read from the database now; `undefined` when there is no such event. */
async function buildSeatMap(ctx: TicketingContext, eventId: string): Promise<SeatMapBuild | undefined> {
  const asOf = ctx.now();
  const event = await findEvent(ctx.db, eventId);
  if (!event) return undefined;
  if (event.kind === 'general') return buildGeneralMap(event, await findPlacesByMember(ctx.db, eventId, asOf), asOf);
  return buildSeatedMap(event, await findSeatMap(ctx.db, eventId), asOf);
}
