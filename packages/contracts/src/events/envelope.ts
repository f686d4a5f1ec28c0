import { Type } from 'typebox';
import type { TSchema } from 'typebox';

/**
 * Every event on the bus: who it is (`id`, a UUIDv7, so ids sort by time and inboxes dedupe on
 * it), what it is (`type`, `version`), when it happened, and the payload of that type.
 *
 * @example
 *   const OrderPlacedEvent = EventEnvelope(ORDER_PLACED, OrderPlacedPayload);
 *   type OrderPlacedEvent = Static<typeof OrderPlacedEvent>;
 */
export function EventEnvelope<const Name extends string, Payload extends TSchema>(type: Name, payload: Payload) {
  return Type.Object({
    id: Type.String({ format: 'uuid' }),
    type: Type.Literal(type),
    occurredAt: Type.String({ format: 'date-time' }),
    // Bumped only for a change old consumers cannot read; adding a field is not one.
    version: Type.Integer({ minimum: 1 }),
    payload,
  });
}

/** The envelope as a plain type, for code that builds events without a schema at hand. */
export interface Envelope<Name extends string = string, Payload = unknown> {
  id: string;
  type: Name;
  occurredAt: string;
  version: number;
  payload: Payload;
}

// Payload objects allow unknown members on purpose: a producer may add a field before every
// consumer knows it, and consumers must keep working (the version changes only for breaking ones).
export const Uuid = Type.String({ format: 'uuid' });
export const Instant = Type.String({ format: 'date-time' });
/** An amount in minor units of its currency (cents). */
export const Money = Type.Integer({ minimum: 0 });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
