import { Type } from 'typebox';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { CatalogContext } from '../catalog-context.ts';
import { BookChangesBody, BookListQuery, BookPageSchema, BookSchema, NewBookBody } from './books.schema.ts';
import { createBook, deleteBook, getBook, listBooks, updateBook } from './books.service.ts';

const tags = ['books'];
export function registerBookRoutes(app: HttpApp, ctx: CatalogContext): void {
  app.get(
    '/api/books',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Find books by category, author, year, price, availability or text; sorted and paged',
        querystring: BookListQuery,
        response: { 200: BookPageSchema, ...problems(400) },
      },
    },
    async (request) => listBooks(ctx, request.query),
  );

  app.get(
    '/api/books/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One book', params: UuidParams, response: { 200: BookSchema, ...problems(400, 404) } },
    },
    async (request) => getBook(ctx, request.params.id),
  );

  app.post(
    '/api/books',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Add a book (staff)',
        body: NewBookBody,
        response: { 201: BookSchema, ...problems(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const book = await createBook(ctx, request.body);
      return reply.status(201).header('location', `/api/books/${book.id}`).send(book);
    },
  );

  app.patch(
    '/api/books/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Change a book (staff); stock changes go through /stock',
        params: UuidParams,
        body: BookChangesBody,
        response: { 200: BookSchema, ...problems(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => updateBook(ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/books/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Remove a book (staff)',
        params: UuidParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteBook(ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
