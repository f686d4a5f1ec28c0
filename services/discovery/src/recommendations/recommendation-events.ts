import { BOOKING_CANCELLED, BOOKING_CONFIRMED, ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import type { DomainEvent } from '@pustaka/contracts';

/** The events recommendations are kept from (a file of its own: the manifest reads it). */
export const RECOMMENDATION_EVENTS = [ORDER_PLACED, ORDER_CANCELLED, BOOKING_CONFIRMED, BOOKING_CANCELLED] as const;
export type RecommendationEvent = DomainEvent<(typeof RECOMMENDATION_EVENTS)[number]>;
