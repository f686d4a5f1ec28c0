import { randomUUID } from 'node:crypto';
import type { Cache } from '@pustaka/kit/cache';

/**
 * An event's seat-map version: a random token in the shared cache (Redis in the cluster), moved
 * after every committed change to what the map shows. Every replica reads it on every map request
 * and keeps its built map only while the token is the one it built under. Tokens are random,
 * never counters, so a key that expired or was evicted can never come back to an old value; an
 * absent key gets a fresh token, set atomically so that racing replicas agree on it.
 */
const VERSION_TTL_SECONDS = 86_400;

const versionKey = (eventId: string) => `seat-map:version:${eventId}`;

/** The version every replica sees now for this event's seat map; `undefined` before anyone asked for it or changed it. */
export async function knownSeatMapVersion(cache: Cache, eventId: string): Promise<string | undefined> {
  return cache.get<string>(versionKey(eventId));
}

/**
 * The event's version, given a fresh one if it has none. Call it only for an event that exists:
 * every key made here stays for a day.
 */
export async function startSeatMapVersion(cache: Cache, eventId: string): Promise<string> {
  return cache.setIfAbsent(versionKey(eventId), randomUUID(), VERSION_TTL_SECONDS);
}

/**
 * Gives these events' seat maps new versions. Call it after the change has committed: moved
 * earlier, a replica could build the new version from the data before the change. A failure
 * propagates, so a writer is never told "done" while every replica may still serve the old map.
 */
export async function moveSeatMapVersions(cache: Cache, eventIds: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(eventIds)].map((eventId) => cache.set(versionKey(eventId), randomUUID(), VERSION_TTL_SECONDS)));
}
