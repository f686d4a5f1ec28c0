import { BOOK_CREATED, BOOK_DELETED, BOOK_UPDATED, CATEGORY_UPDATED, EVENT_CANCELLED, EVENT_PUBLISHED, EVENT_UPDATED, STOCK_CHANGED } from '@pustaka/contracts';
import type { DomainEvent } from '@pustaka/contracts';

/** The events the search index is built from (a file of its own: the manifest reads it). */
export const INDEXED_EVENTS = [
  BOOK_CREATED,
  BOOK_UPDATED,
  BOOK_DELETED,
  CATEGORY_UPDATED,
  STOCK_CHANGED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  EVENT_CANCELLED,
] as const;
export type IndexedEvent = DomainEvent<(typeof INDEXED_EVENTS)[number]>;
