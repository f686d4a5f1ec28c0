import { Type } from 'typebox';
import type { Static } from 'typebox';

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

const Name = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S', description: 'Unique, case-insensitively' });
const Slug = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: SLUG_PATTERN,
  description: 'Lowercase kebab-case, unique; derived from the name when not given',
});
const Description = Type.String({ maxLength: 1000, description: 'An empty string clears it' });

export const CategorySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    slug: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    bookCount: Type.Integer({ minimum: 0 }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Category = Static<typeof CategorySchema>;

export const CategoryListSchema = Type.Object({ items: Type.Array(CategorySchema) }, { additionalProperties: false });

export const NewCategoryBody = Type.Object({ name: Name, slug: Type.Optional(Slug), description: Type.Optional(Description) }, { additionalProperties: false });
export type NewCategory = Static<typeof NewCategoryBody>;

// Renaming keeps the slug: links to a category must not break because its name was edited.
export const CategoryChangesBody = Type.Partial(NewCategoryBody, { additionalProperties: false, minProperties: 1 });
export type CategoryChanges = Static<typeof CategoryChangesBody>;
