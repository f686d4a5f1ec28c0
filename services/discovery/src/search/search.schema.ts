import { Type } from 'typebox';
import type { Static, TSchema } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';

export const DOCUMENT_TYPES = ['book', 'event'] as const;

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Words to look for, in English or Indonesian; typos and a half-typed last word are forgiven' }),
    ),
    type: Type.Optional(StringEnum(DOCUMENT_TYPES, { description: 'Only books or only events' })),
    category: Type.Optional(Type.String({ format: 'uuid', description: 'A category id (books only)' })),
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'Part of an author name, any case and accents (books only)' })),
    yearFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, description: 'First publication year, inclusive (books only)' })),
    yearTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, description: 'Last publication year, inclusive (books only)' })),
    inStock: Type.Optional(Type.Boolean({ description: 'true: books on the shelf; false: sold-out ones (books only)' })),
    // Relevance beyond a few hundred results helps no one; deep pages only cost.
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SearchHit = Type.Object({
  type: StringEnum(DOCUMENT_TYPES),
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  /** Authors of a book; empty for an event. */
  authors: Type.Array(Type.String()),
  score: Type.Number(),
  highlights: Type.Object(
    {
      title: Type.String(),
      text: Type.String(),
    },
    { description: 'HTML-escaped text; each matching word wrapped in <mark>…</mark>' },
  ),
  category: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() })),
  publicationYear: Nullable(Type.Integer()),
  price: Nullable(Type.Integer({ description: "A book's price, an event's lowest seat price, in minor units" })),
  currency: Nullable(Type.String()),
  inStock: Nullable(Type.Boolean({ description: 'Books only' })),
  venue: Nullable(Type.String()),
  startsAt: Nullable(Type.String({ format: 'date-time' })),
  endsAt: Nullable(Type.String({ format: 'date-time' })),
});
export type SearchHit = Static<typeof SearchHit>;

const FacetCount = Type.Object({ value: Type.String(), count: Type.Integer() });

export const SearchResult = Type.Object({
  items: Type.Array(SearchHit),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  query: Type.Object({
    words: Type.Array(Type.String(), { description: 'The words searched for, folded' }),
    ignored: Type.Array(Type.String(), { description: 'Stop words left out' }),
  }),
  facets: Type.Object({
    type: Type.Array(FacetCount),
    category: Type.Array(Type.Object({ value: Type.String({ format: 'uuid' }), name: Type.String(), count: Type.Integer() })),
    inStock: Type.Array(Type.Object({ value: Type.Boolean(), count: Type.Integer() })),
  }),
  notice: Nullable(
    Type.Object({
      code: StringEnum(['EMPTY_QUERY', 'ONLY_STOP_WORDS'] as const),
      message: Type.String(),
    }),
  ),
});
export type SearchResult = Static<typeof SearchResult>;

export const SuggestQuery = Type.Object({ q: Type.String({ maxLength: 100, description: 'What has been typed so far' }) }, { additionalProperties: false });
export type SuggestQuery = Static<typeof SuggestQuery>;

export const SuggestResult = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      text: Type.String(),
      kind: StringEnum(['title', 'author'] as const),
      documents: Type.Integer({ description: 'Books and events it names' }),
    }),
  ),
});
export type SuggestResult = Static<typeof SuggestResult>;
