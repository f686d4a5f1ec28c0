import {
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  BOOKING_REMINDER,
  DEAD_LETTER_RECORDED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  ORDER_PLACED,
  STOCK_LOW,
  USER_REGISTERED,
  USER_UPDATED,
} from '@pustaka/contracts';
import type { DomainEvent } from '@pustaka/contracts';

/**
 * The events notify turns into notifications (a file of its own: the manifest reads it), staff
 * hearing of low stock and of events a consumer gave up on (`dead_letter.recorded`, which the
 * platform records for every service with consumers), and
 * those it learns from who to tell: members' addresses and roles, bookings per event, an event's
 * time and place before it changed (event.published).
 */
export const NOTIFIED_EVENTS = [
  ORDER_PLACED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  BOOKING_CONFIRMED,
  BOOKING_CHANGED,
  BOOKING_CANCELLED,
  BOOKING_REMINDER,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  EVENT_CANCELLED,
  STOCK_LOW,
  DEAD_LETTER_RECORDED,
  USER_REGISTERED,
  USER_UPDATED,
] as const;
export type NotifiedEvent = DomainEvent<(typeof NOTIFIED_EVENTS)[number]>;
