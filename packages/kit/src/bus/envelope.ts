import { newId } from '../db/ids.ts';

/** Event ids land in `uuid` columns: anything else is rejected before it reaches the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Context that travels with an event so a consumer's logs and traces join the producer's. */
export interface EventHeaders {
  requestId?: string;
  traceparent?: string;
}

/**
 * What goes over the wire. `id` is a UUIDv7, so ids sort by creation; `version` is the payload's
 * schema version, raised when the payload changes incompatibly.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  occurredAt: string;
  version: number;
  headers: EventHeaders;
  payload: T;
}

export interface NewEventOptions {
  version?: number;
  now?: Date;
  headers?: EventHeaders;
}

/**
 * A new event with a fresh id. The payload must be plain JSON (it is stored as `jsonb`).
 *
 * @example
 *   const event = newEvent('order.placed', { orderId, items }, { now: deps.now(), headers: { requestId } });
 *   await appendToOutbox(trx, event);
 */
export function newEvent<T>(type: string, payload: T, options: NewEventOptions = {}): EventEnvelope<T> {
  return {
    id: newId(),
    type,
    occurredAt: (options.now ?? new Date()).toISOString(),
    version: options.version ?? 1,
    headers: withoutUndefined(options.headers ?? {}),
    payload,
  };
}

/**
 * The envelope in `value`, or `undefined` when it is not one (a foreign or corrupted message).
 *
 * @example
 *   const event = parseEnvelope(message.body);
 *   if (!event) return park(message);
 */
export function parseEnvelope(value: unknown): EventEnvelope | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.type !== 'string' || typeof v.occurredAt !== 'string') return undefined;
  if (!UUID.test(v.id) || !Number.isInteger(v.version) || !('payload' in v)) return undefined;
  const headers = typeof v.headers === 'object' && v.headers !== null ? (v.headers as EventHeaders) : {};
  return { id: v.id, type: v.type, occurredAt: v.occurredAt, version: v.version as number, headers, payload: v.payload };
}

function withoutUndefined(headers: EventHeaders): EventHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined));
}
