import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Instant, Uuid } from './envelope.ts';

/**
 * Recorded by the platform itself (the kit), not by a service's own code: a consumer gave up on
 * an event and parked it in its service's dead letters, until an admin replays it. It goes out
 * through that service's outbox, in the transaction that parks the event. No dead letter of this
 * event is announced again.
 */
export const DEAD_LETTER_RECORDED = 'dead_letter.recorded';

/** The events every service with consumers may publish, whatever its manifest lists. */
export const PLATFORM_EVENTS = [DEAD_LETTER_RECORDED] as const;

export const DeadLetterRecordedPayload = Type.Object({
  deadLetterId: Uuid,
  /** The service (its schema) whose dead letters hold it: `/api/ops/dead-letters/<service>`. */
  service: Type.String(),
  consumerId: Type.String(),
  eventId: Uuid,
  eventType: Type.String(),
  attempts: Type.Integer({ minimum: 1 }),
  failedAt: Instant,
});
export type DeadLetterRecordedPayload = Static<typeof DeadLetterRecordedPayload>;
