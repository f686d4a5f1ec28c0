import { Type } from 'typebox';
import type { Static } from 'typebox';
import { PageOf, PageQuery, StringEnum } from '@pustaka/kit/http';
import { SeatingSchema } from './seating.ts';

/** Text with at least one visible character; surrounding spaces are trimmed before storing. */
const NonBlankText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Instant = (description: string) =>
  Type.String({ format: 'date-time', description: `${description}; ISO 8601 with an offset`, examples: ['2030-05-01T19:00:00+07:00'] });

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;

const eventFields = {
  title: NonBlankText(200),
  description: Type.String({ maxLength: 5_000 }),
  venue: NonBlankText(200),
  startsAt: Instant('When the doors open'),
  endsAt: Instant('When it is over; after startsAt'),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone the event is shown in', examples: ['Asia/Jakarta'] }),
  salesOpenAt: Type.Union([Instant('When seats go on sale; unset or null: as soon as it is published'), Type.Null()]),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of every price', examples: ['IDR'] }),
  seating: SeatingSchema,
};

export const NewEventBody = Type.Object(
  {
    ...eventFields,
    description: Type.Optional(eventFields.description),
    salesOpenAt: Type.Optional(eventFields.salesOpenAt),
  },
  { additionalProperties: false },
);
export type NewEvent = Static<typeof NewEventBody>;

/** Any fields of the event; seating and currency only while it is a draft (nothing is sold yet). */
export const EventChangesBody = Type.Partial(Type.Object(eventFields), { additionalProperties: false, minProperties: 1 });
export type EventChanges = Static<typeof EventChangesBody>;

export const EventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    description: Type.String(),
    venue: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    timezone: Type.String(),
    salesOpenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    status: StringEnum(EVENT_STATUSES),
    currency: Type.String(),
    seating: SeatingSchema,
    capacity: Type.Integer({ description: 'Seats for sale' }),
    priceFrom: Type.Integer({ description: 'The cheapest seat, in minor units of currency' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    cancelledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Event = Static<typeof EventSchema>;

export const EventListQuery = Type.Object(
  {
    ...PageQuery,
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Events starting at or after this; default: now (upcoming)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Events starting before this' })),
    status: Type.Optional(StringEnum(EVENT_STATUSES, { default: 'published', description: 'draft: staff only' })),
  },
  { additionalProperties: false },
);
export type EventListQuery = Static<typeof EventListQuery>;

export const EventPage = PageOf(EventSchema);
export type EventPage = Static<typeof EventPage>;
