import { AppError } from '@pustaka/kit/errors';
import { isForeignKeyViolation, isUniqueViolation } from '@pustaka/kit/db';
import type { CatalogContext } from '../catalog-context.ts';
import {
  deleteCategory as deleteCategoryRow,
  findCategoryWithCount,
  insertCategory,
  listCategoriesWithCounts,
  updateCategory as updateCategoryRow,
} from './categories.repository.ts';
import type { CategoryRow } from './categories.repository.ts';
import type { Category, CategoryChanges, NewCategory } from './categories.schema.ts';
import { recordCategoryUpdated } from './category-events.ts';
import { slugify } from './slug.ts';

export async function listCategories(ctx: CatalogContext): Promise<Category[]> {
  const rows = await listCategoriesWithCounts(ctx.db);
  return rows.map((row) => toCategory(row, row.book_count));
}

export async function getCategory(ctx: CatalogContext, id: string): Promise<Category> {
  const row = await findCategoryWithCount(ctx.db, id);
  if (!row) throw categoryNotFound();
  return toCategory(row, row.book_count);
}

export async function createCategory(ctx: CatalogContext, input: NewCategory): Promise<Category> {
  const name = input.name.trim();
  const now = ctx.now();
  const row = await insertCategory(ctx.db, {
    id: ctx.newId(),
    name,
    slug: input.slug ?? derivedSlug(name),
    description: normalizeDescription(input.description),
    created_at: now,
    updated_at: now,
  }).catch(rethrowCategoryConflict);
  return toCategory(row, 0);
}

export async function updateCategory(ctx: CatalogContext, id: string, changes: CategoryChanges): Promise<Category> {
  const updated = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const row = await updateCategoryRow(trx, id, {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
        ...(changes.description !== undefined ? { description: normalizeDescription(changes.description) } : {}),
        updated_at: ctx.now(),
      });
      // The search index keeps each book's category name: it learns the new one from this event.
      if (row) await recordCategoryUpdated(ctx, trx, row);
      return row !== undefined;
    })
    .catch(rethrowCategoryConflict);
  if (!updated) throw categoryNotFound();
  ctx.events.notify();
  return getCategory(ctx, id);
}

export async function deleteCategory(ctx: CatalogContext, id: string): Promise<void> {
  // The foreign key decides, not a count read first: a book filed meanwhile cannot slip through.
  const deleted = await deleteCategoryRow(ctx.db, id).catch((error: unknown) => {
    if (isForeignKeyViolation(error, 'books_category_id_fkey')) {
      throw new AppError('conflict', 'CATEGORY_NOT_EMPTY', 'The category still has books; move or delete them first', { cause: error });
    }
    throw error;
  });
  if (!deleted) throw categoryNotFound();
}

export function toCategory(row: CategoryRow, bookCount: number): Category {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    bookCount,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function derivedSlug(name: string): string {
  const slug = slugify(name);
  if (slug === '') {
    throw new AppError('invalid', 'VALIDATION_FAILED', 'No slug can be derived from this name; send one', {
      errors: [{ in: 'body', field: '/slug', message: 'is required when the name has no Latin letters or digits' }],
    });
  }
  return slug;
}

function normalizeDescription(description: string | undefined): string | null {
  const trimmed = description?.trim();
  return trimmed ? trimmed : null;
}

function rethrowCategoryConflict(error: unknown): never {
  for (const [constraint, field] of [
    ['categories_name_key', 'name'],
    ['categories_slug_key', 'slug'],
  ] as const) {
    if (isUniqueViolation(error, constraint)) {
      throw new AppError('conflict', 'CATEGORY_EXISTS', `A category with this ${field} already exists`, {
        errors: [{ in: 'body', field: `/${field}`, message: 'is already taken' }],
        cause: error,
      });
    }
  }
  throw error;
}

function categoryNotFound(): AppError {
  return new AppError('not_found', 'CATEGORY_NOT_FOUND', 'The category was not found');
}
