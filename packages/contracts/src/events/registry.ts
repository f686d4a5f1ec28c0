import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import { EventEnvelope } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import { ORDER_CANCELLED, ORDER_FULFILLED, ORDER_PLACED, OrderCancelledPayload, OrderFulfilledPayload, OrderPlacedPayload } from './order.events.ts';
import {
  BOOK_CREATED,
  BOOK_DELETED,
  BOOK_UPDATED,
  BookDeletedPayload,
  BookPayload,
  CATEGORY_UPDATED,
  CategoryPayload,
  STOCK_CHANGED,
  STOCK_LOW,
  StockChangedPayload,
  StockLowPayload,
} from './catalog.events.ts';
import { USER_REGISTERED, USER_UPDATED, UserRegisteredPayload, UserUpdatedPayload } from './user.events.ts';
import {
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  BOOKING_REMINDER,
  BookingCancelledPayload,
  BookingChangedPayload,
  BookingConfirmedPayload,
  BookingReminderPayload,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  EventCancelledPayload,
  EventDetailsPayload,
  SEATS_CHANGED,
  SeatsChangedPayload,
} from './ticketing.events.ts';
import { DEAD_LETTER_RECORDED, DeadLetterRecordedPayload } from './platform.events.ts';

/**
 * Every event type with its current version and payload schema: what producers write and what
 * consumers validate against.
 *
 * @example
 *   const { version, payload } = eventRegistry[ORDER_PLACED];
 */
export const eventRegistry = {
  [ORDER_PLACED]: { version: 1, payload: OrderPlacedPayload },
  [ORDER_CANCELLED]: { version: 1, payload: OrderCancelledPayload },
  [ORDER_FULFILLED]: { version: 1, payload: OrderFulfilledPayload },
  [STOCK_CHANGED]: { version: 1, payload: StockChangedPayload },
  [STOCK_LOW]: { version: 1, payload: StockLowPayload },
  [BOOK_CREATED]: { version: 1, payload: BookPayload },
  [BOOK_UPDATED]: { version: 1, payload: BookPayload },
  [BOOK_DELETED]: { version: 1, payload: BookDeletedPayload },
  [CATEGORY_UPDATED]: { version: 1, payload: CategoryPayload },
  [USER_REGISTERED]: { version: 1, payload: UserRegisteredPayload },
  [USER_UPDATED]: { version: 1, payload: UserUpdatedPayload },
  [EVENT_PUBLISHED]: { version: 1, payload: EventDetailsPayload },
  [EVENT_UPDATED]: { version: 1, payload: EventDetailsPayload },
  [EVENT_CANCELLED]: { version: 1, payload: EventCancelledPayload },
  [BOOKING_CONFIRMED]: { version: 1, payload: BookingConfirmedPayload },
  [BOOKING_CHANGED]: { version: 1, payload: BookingChangedPayload },
  [BOOKING_CANCELLED]: { version: 1, payload: BookingCancelledPayload },
  [BOOKING_REMINDER]: { version: 1, payload: BookingReminderPayload },
  [SEATS_CHANGED]: { version: 1, payload: SeatsChangedPayload },
  [DEAD_LETTER_RECORDED]: { version: 1, payload: DeadLetterRecordedPayload },
} as const satisfies Record<string, { version: number; payload: TSchema }>;

export type EventType = keyof typeof eventRegistry;
export type EventPayload<Type extends EventType> = Static<(typeof eventRegistry)[Type]['payload']>;
/** One event of the given type (or, without an argument, of any known type), envelope included. */
export type DomainEvent<Type extends EventType = EventType> = {
  [T in Type]: Envelope<T, EventPayload<T>>;
}[Type];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventRegistry, type);
}

const validators = new Map<string, Validator>();

function validatorOf(type: EventType): Validator {
  let validator = validators.get(type);
  if (!validator) {
    validator = Compile(EventEnvelope(type, eventRegistry[type].payload));
    validators.set(type, validator);
  }
  return validator;
}

/**
 * Checks an event from the wire against its type's envelope and payload schema. Throws on an
 * unknown type, a newer version than this code knows, or a payload that does not match, so a
 * consumer can dead-letter it rather than act on a guess.
 *
 * @example
 *   const event = parseEvent(JSON.parse(message.body));
 *   if (event.type === ORDER_PLACED) await commitReservation(event.payload.orderId);
 */
export function parseEvent(value: unknown): DomainEvent {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !isEventType(type)) throw new Error(`Unknown event type: ${String(type)}`);
  const validator = validatorOf(type);
  if (!validator.Check(value)) {
    const problems = validator
      .Errors(value)
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`Invalid ${type} event: ${problems.join('; ')}`);
  }
  const event = value as DomainEvent;
  if (event.version > eventRegistry[type].version) {
    throw new Error(`${type} version ${event.version} is newer than this consumer knows (${eventRegistry[type].version})`);
  }
  return event;
}
