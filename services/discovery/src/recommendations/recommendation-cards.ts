import type { BookCardRow } from './recommended-books.repository.ts';
import type { EventCardRow } from './recommended-events.repository.ts';
import type { BookReason, EventReason, RecommendedBook, RecommendedEvent } from './recommendations.schema.ts';

/** A book row as the answers show it, without why it is there. */
export function bookCardOf(row: BookCardRow): Omit<RecommendedBook, 'reason'> {
  return {
    id: row.id,
    title: row.title,
    authors: row.people,
    category: row.category_id !== null ? { id: row.category_id, name: row.category_name ?? '' } : null,
    publicationYear: row.publication_year,
    price: row.price,
    currency: row.currency?.trim() ?? null,
    inStock: (row.stock ?? 0) > 0,
  };
}

export function recommendedBook(row: BookCardRow, reason: BookReason): RecommendedBook {
  return { ...bookCardOf(row), reason };
}

export function recommendedEvent(row: EventCardRow, reason: EventReason): RecommendedEvent {
  return {
    id: row.id,
    title: row.title,
    venue: row.venue,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
    timezone: row.timezone,
    price: row.price,
    currency: row.currency?.trim() ?? null,
    reason,
  };
}
