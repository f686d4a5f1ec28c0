import { Type } from 'typebox';
import type { TSchema } from 'typebox';

/** The problem+json body, for documenting error responses in OpenAPI. Extra members are kept. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ in: Type.Optional(Type.String()), field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true },
);

/** Error responses to document on a route: `{ ...problems(400, 404) }`. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}

export const MAX_PAGE_SIZE = 100;

/**
 * `page` (from 1) and `pageSize` (bounded) query parameters. Optional in the API (so the docs do
 * not demand them); validation fills in the defaults, so handlers read them through `pageOf`.
 */
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
};

/** The page a validated query asks for, as numbers; also safe on an unvalidated query. */
export function pageOf(query: { page?: number | undefined; pageSize?: number | undefined }): { page: number; pageSize: number } {
  return { page: query.page ?? 1, pageSize: query.pageSize ?? 20 };
}

/** A page of items with the total count across all pages. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** A string that must be one of the given values (documented as an enum in OpenAPI). */
export function StringEnum<const T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const UuidParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** Bearer-token security requirement, for routes that need a signed-in caller. */
export const bearerAuth = [{ bearerAuth: [] }];
