import { Type } from 'typebox';
import type { Static } from 'typebox';
import { PageOf, PageQuery, StringEnum } from '@pustaka/kit/http';

export const MAX_PRICE = 100_000_000;
export const MAX_STOCK = 1_000_000;
export const EARLIEST_PUBLICATION_YEAR = 1450;
export const LOCATION_PATTERN = '^[A-Z]{1,3}[0-9]{1,3}-[0-9]{1,4}$';

/** Text with at least one visible character; surrounding spaces are trimmed before storing. */
const NonBlankText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

const bookFields = {
  title: NonBlankText(300),
  authors: Type.Array(NonBlankText(120), { minItems: 1, maxItems: 20 }),
  isbn: Type.String({
    minLength: 1,
    maxLength: 20,
    description: 'ISBN-10 or ISBN-13, hyphens and spaces allowed; stored as ISBN-13',
    examples: ['978-0-306-40615-7'],
  }),
  synopsis: Type.String({ maxLength: 5000 }),
  publicationYear: Type.Integer({ minimum: EARLIEST_PUBLICATION_YEAR, maximum: 9999, description: 'At most next year' }),
  price: Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'In minor units of the currency (cents)' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code', examples: ['USD'] }),
  stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK }),
  location: Type.String({ pattern: LOCATION_PATTERN, description: 'Shelf code: section, bay, position', examples: ['B2-14'] }),
  categoryId: Type.String({ format: 'uuid' }),
  coverUrl: Type.Union([Type.String({ format: 'uri', pattern: '^https://', maxLength: 2048 }), Type.Null()]),
};

export const NewBookBody = Type.Object(
  {
    ...bookFields,
    synopsis: Type.Optional(bookFields.synopsis),
    coverUrl: Type.Optional(bookFields.coverUrl),
  },
  { additionalProperties: false },
);
export type NewBook = Static<typeof NewBookBody>;

// Stock is left out on purpose: it changes only through POST /api/books/:id/stock, atomically.
export const BookChangesBody = Type.Partial(Type.Omit(Type.Object(bookFields), ['stock']), {
  additionalProperties: false,
  minProperties: 1,
});
export type BookChanges = Static<typeof BookChangesBody>;

export const BookSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    authors: Type.Array(Type.String()),
    isbn: Type.String({ description: 'ISBN-13, digits only' }),
    synopsis: Type.String(),
    publicationYear: Type.Integer(),
    price: Type.Integer(),
    currency: Type.String(),
    stock: Type.Integer(),
    location: Type.String(),
    categoryId: Type.String({ format: 'uuid' }),
    coverUrl: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Book = Static<typeof BookSchema>;

export const BOOK_SORTS = ['title', '-title', 'price', '-price', 'publicationYear', '-publicationYear', 'createdAt', '-createdAt'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];

export const BookListQuery = Type.Object(
  {
    ...PageQuery,
    categoryId: Type.Optional(Type.String({ format: 'uuid' })),
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'Part of any author name, any case' })),
    yearFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
    yearTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
    priceMin: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE })),
    priceMax: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE })),
    inStock: Type.Optional(Type.Boolean({ description: 'true: only books on the shelf; false: only sold-out ones' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text in the title or an author name, any case' })),
    sort: Type.Optional(StringEnum(BOOK_SORTS, { default: 'title', description: 'A leading "-" sorts descending' })),
  },
  { additionalProperties: false },
);
export type BookListFilters = Static<typeof BookListQuery>;

export const BookPageSchema = PageOf(BookSchema);
export type BookPage = Static<typeof BookPageSchema>;
