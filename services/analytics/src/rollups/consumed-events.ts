import {
  BOOK_CREATED,
  BOOK_DELETED,
  BOOK_UPDATED,
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  ORDER_PLACED,
  STOCK_CHANGED,
  STOCK_LOW,
  USER_REGISTERED,
  USER_UPDATED,
} from '@pustaka/contracts';
import type { DomainEvent } from '@pustaka/contracts';

/**
 * The events the rollups are built from (a file of its own: the manifest reads it): sales and
 * bookings for the figures; books, categories, users and ticketed events for the names, the
 * category at order time, the capacity behind a fill rate and the low-stock list.
 */
export const CONSUMED_EVENTS = [
  ORDER_PLACED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  BOOKING_CONFIRMED,
  BOOKING_CHANGED,
  BOOKING_CANCELLED,
  STOCK_CHANGED,
  STOCK_LOW,
  BOOK_CREATED,
  BOOK_UPDATED,
  BOOK_DELETED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  EVENT_CANCELLED,
  USER_REGISTERED,
  USER_UPDATED,
] as const;
export type ConsumedEvent = DomainEvent<(typeof CONSUMED_EVENTS)[number]>;
