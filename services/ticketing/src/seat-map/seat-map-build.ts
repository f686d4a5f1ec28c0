import { createHash } from 'node:crypto';
import type { EventRow } from '../events/events.repository.ts';
import { seatStatus } from '../seats/seat-status.ts';
import type { findSeatMap } from '../seats/seats.repository.ts';
import type { MemberPlacesRow } from './seat-map.repository.ts';

type SeatMapRow = Awaited<ReturnType<typeof findSeatMap>>[number];

/** What one member has in a built map: counts, and where their seats' `"mine":false` stand in `rest`. */
interface MemberSeats {
  held: number;
  booked: number;
  offsets: number[];
}

/**
 * A seat map as everyone sees it, serialised once, with what each member owns kept beside it so
 * that a member's own view is laid over the shared bytes instead of built again. The JSON is
 * `prefix` + the caller's `mine` counts + `rest`, where `rest` holds every seat with
 * `"mine":false`; a member's view swaps those `false`s at their offsets for `true`.
 */
export interface SeatMapBuild {
  eventId: string;
  /** Who may see it: a draft is staff's only. */
  status: EventRow['status'];
  /** When its data was read: a hold counts as held if unexpired at this instant. */
  asOf: number;
  /** When the earliest hold it shows as held expires: from then on the map is out of date. */
  staleAt: number;
  /** A validator of the shared part (a hash of its bytes), the ETag's first half. */
  tag: string;
  /** The whole JSON as someone who owns nothing there sees it. */
  shared: Buffer;
  prefix: Buffer;
  rest: Buffer;
  members: Map<string, MemberSeats>;
}

/** One member's map: its ETag (the shared tag plus a digest of what is theirs), and its bytes when they are to be sent. */
export interface SeatMapView {
  etag: string;
  body(): Buffer;
}

const NOTHING_MINE = '{"held":0,"booked":0}';
const MINE_FALSE = '"mine":false}';
const FALSE_LENGTH = 'false'.length;
const TRUE = Buffer.from('true');

/** A seated event's map from its seat rows (in map order) read at `asOf`. */
export function buildSeatedMap(event: EventRow, rows: SeatMapRow[], asOf: Date): SeatMapBuild {
  const members = new Map<string, MemberSeats>();
  let staleAt = Number.POSITIVE_INFINITY;
  let remaining = 0;
  const parts: string[] = [',"seats":['];
  let bytes = parts[0]!.length;
  rows.forEach((row, index) => {
    const status = seatStatus(row, asOf);
    if (status === 'free') remaining += 1;
    if (status === 'held') staleAt = Math.min(staleAt, row.hold_expires_at!.getTime());
    const seat = JSON.stringify({ id: row.seat_id, section: row.section, row: row.row_label, number: row.number, price: row.price, status });
    // `{…,"status":"held"` then `,"mine":` comes before the `false` a member's view replaces.
    const head = `${index === 0 ? '' : ','}${seat.slice(0, -1)},`;
    const headBytes = Buffer.byteLength(head);
    const owner = status === 'held' ? row.holder_id : status === 'booked' ? row.booker_id : null;
    if (owner) {
      const mine = memberOf(members, owner);
      mine[status === 'held' ? 'held' : 'booked'] += 1;
      mine.offsets.push(bytes + headBytes + '"mine":'.length);
    }
    parts.push(head, MINE_FALSE);
    bytes += headBytes + MINE_FALSE.length;
  });
  parts.push(']}');
  return assemble(event, asOf, staleAt, remaining, parts.join(''), members);
}

/** A general-admission event's map from what each member has taken, read at `asOf`. */
export function buildGeneralMap(event: EventRow, taken: MemberPlacesRow[], asOf: Date): SeatMapBuild {
  const members = new Map<string, MemberSeats>();
  let staleAt = Number.POSITIVE_INFINITY;
  let takenPlaces = 0;
  for (const row of taken) {
    members.set(row.user_id, { held: row.held, booked: row.booked, offsets: [] });
    takenPlaces += row.held + row.booked;
    if (row.earliest_expiry) staleAt = Math.min(staleAt, row.earliest_expiry.getTime());
  }
  return assemble(event, asOf, staleAt, Math.max(event.capacity - takenPlaces, 0), ',"seats":[]}', members);
}

/** The caller's map: the shared bytes, or the shared bytes with the caller's seats and counts laid in. */
export function viewFor(build: SeatMapBuild, callerId: string | undefined): SeatMapView {
  const mine = callerId === undefined ? undefined : build.members.get(callerId);
  if (!mine) return { etag: `"${build.tag}"`, body: () => build.shared };
  // What is the caller's, not who the caller is: two members owning nothing there share a tag.
  const digest = createHash('sha256')
    .update(`${mine.held}:${mine.booked}:${mine.offsets.join(',')}`)
    .digest('base64url')
    .slice(0, 16);
  return {
    etag: `"${build.tag}.${digest}"`,
    body: () => {
      const parts = [build.prefix, Buffer.from(`{"held":${mine.held},"booked":${mine.booked}}`)];
      let cursor = 0;
      for (const offset of mine.offsets) {
        parts.push(build.rest.subarray(cursor, offset), TRUE);
        cursor = offset + FALSE_LENGTH;
      }
      parts.push(build.rest.subarray(cursor));
      return Buffer.concat(parts);
    },
  };
}

function assemble(event: EventRow, asOf: Date, staleAt: number, remaining: number, rest: string, members: Map<string, MemberSeats>): SeatMapBuild {
  const head = JSON.stringify({ eventId: event.id, kind: event.kind, currency: event.currency, capacity: event.capacity, remaining });
  const prefix = Buffer.from(`${head.slice(0, -1)},"mine":`);
  const restBytes = Buffer.from(rest);
  const shared = Buffer.concat([prefix, Buffer.from(NOTHING_MINE), restBytes]);
  const tag = createHash('sha256').update(shared).digest('base64url').slice(0, 27);
  return { eventId: event.id, status: event.status, asOf: asOf.getTime(), staleAt, tag, shared, prefix, rest: restBytes, members };
}

function memberOf(members: Map<string, MemberSeats>, userId: string): MemberSeats {
  let mine = members.get(userId);
  if (!mine) members.set(userId, (mine = { held: 0, booked: 0, offsets: [] }));
  return mine;
}
