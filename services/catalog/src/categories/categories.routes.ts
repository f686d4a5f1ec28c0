import { Type } from 'typebox';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { CatalogContext } from '../catalog-context.ts';
import { CategoryChangesBody, CategoryListSchema, CategorySchema, NewCategoryBody } from './categories.schema.ts';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './categories.service.ts';

const tags = ['categories'];
export function registerCategoryRoutes(app: HttpApp, ctx: CatalogContext): void {
  app.get(
    '/api/categories',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'All categories with their book counts, by name', response: { 200: CategoryListSchema } },
    },
    async () => ({ items: await listCategories(ctx) }),
  );

  app.get(
    '/api/categories/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One category', params: UuidParams, response: { 200: CategorySchema, ...problems(400, 404) } },
    },
    async (request) => getCategory(ctx, request.params.id),
  );

  app.post(
    '/api/categories',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Create a category (staff)',
        body: NewCategoryBody,
        response: { 201: CategorySchema, ...problems(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const category = await createCategory(ctx, request.body);
      return reply.status(201).header('location', `/api/categories/${category.id}`).send(category);
    },
  );

  app.patch(
    '/api/categories/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Change a category (staff)',
        params: UuidParams,
        body: CategoryChangesBody,
        response: { 200: CategorySchema, ...problems(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => updateCategory(ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/categories/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Delete an empty category (staff)',
        params: UuidParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCategory(ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
