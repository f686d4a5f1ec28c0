import { Type } from 'typebox';
import type { Static, TSchema } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';
import { SALES_WINDOWS } from './sales-decay.ts';
import type { SalesWindow } from './sales-decay.ts';

export const BOOK_REASONS = ['bought-together', 'popular-in-category', 'popular'] as const;
export type BookReason = (typeof BOOK_REASONS)[number];
export const EVENT_REASONS = ['co-booked', 'upcoming'] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'Most items answered' }));

const BookCard = {
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  category: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() })),
  publicationYear: Nullable(Type.Integer()),
  price: Nullable(Type.Integer({ description: 'In minor units of `currency`' })),
  currency: Nullable(Type.String()),
  inStock: Type.Boolean(),
};

export const RecommendedBook = Type.Object({
  ...BookCard,
  reason: StringEnum(BOOK_REASONS, {
    description:
      'bought-together: often in one order with it (or with what you bought); popular-in-category, popular: best-selling, recent sales counting most',
  }),
});
export type RecommendedBook = Static<typeof RecommendedBook>;

export const PopularBook = Type.Object({
  ...BookCard,
  unitsSold: Type.Integer({ description: 'Copies sold (in the window asked for), not counting cancelled orders' }),
});
export type PopularBook = Static<typeof PopularBook>;

export const RecommendedEvent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  venue: Nullable(Type.String()),
  startsAt: Nullable(Type.String({ format: 'date-time' })),
  endsAt: Nullable(Type.String({ format: 'date-time' })),
  timezone: Nullable(Type.String()),
  price: Nullable(Type.Integer({ description: 'The lowest seat price, in minor units of `currency`' })),
  currency: Nullable(Type.String()),
  reason: StringEnum(EVENT_REASONS, { description: 'co-booked: booked by members who booked your events; upcoming: soonest first' }),
});
export type RecommendedEvent = Static<typeof RecommendedEvent>;

export const PopularQuery = Type.Object(
  {
    category: Type.Optional(Type.String({ format: 'uuid', description: 'A category id' })),
    days: Type.Optional(
      Type.Unsafe<SalesWindow>({
        type: 'integer',
        enum: [...SALES_WINDOWS],
        description: 'Only sales of the last 7, 30 or 90 days (UTC days, today included)',
      }),
    ),
    limit: Limit,
    includeOutOfStock: Type.Optional(Type.Boolean({ default: false, description: 'true: sold-out books too' })),
  },
  { additionalProperties: false },
);
export type PopularQuery = Static<typeof PopularQuery>;

export const PopularResult = Type.Object({ items: Type.Array(PopularBook), days: Nullable(Type.Integer()) });
export type PopularResult = Static<typeof PopularResult>;

export const RecommendationsQuery = Type.Object({ limit: Limit }, { additionalProperties: false });
export type RecommendationsQuery = Static<typeof RecommendationsQuery>;

export const BookRecommendations = Type.Object({ items: Type.Array(RecommendedBook) });
export type BookRecommendations = Static<typeof BookRecommendations>;

export const MemberRecommendations = Type.Object({ books: Type.Array(RecommendedBook), events: Type.Array(RecommendedEvent) });
export type MemberRecommendations = Static<typeof MemberRecommendations>;
