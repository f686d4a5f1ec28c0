import { callerOf } from '@pustaka/kit/auth';
import { problems, UuidParams } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { IdentityContext } from '../identity.context.ts';
import { AdminUserPatch, OwnProfilePatch, User, UserListQuery, UserPage } from './users.schema.ts';
import { changeUserAsAdmin, getProfile, listUsersForAdmin, updateOwnProfile } from './users.service.ts';

export function registerUserRoutes(app: HttpApp, context: IdentityContext): void {
  app.get(
    '/api/users/me',
    {
      config: { access: 'member' },
      schema: {
        tags: ['users'],
        summary: 'Your profile',
        response: { 200: User, ...problems(401, 404) },
      },
    },
    async (request) => getProfile(context, callerOf(request).id),
  );

  app.patch(
    '/api/users/me',
    {
      config: { access: 'member' },
      schema: {
        tags: ['users'],
        summary: 'Change your profile',
        body: OwnProfilePatch,
        response: { 200: User, ...problems(400, 401, 404) },
      },
    },
    async (request) => updateOwnProfile(context, callerOf(request).id, request.body),
  );

  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'List users, newest first (admin)',
        querystring: UserListQuery,
        response: { 200: UserPage, ...problems(400, 401, 403) },
      },
    },
    async (request) => listUsersForAdmin(context, request.query),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Change a user's role or disable them (admin); takes effect at once",
        params: UuidParams,
        body: AdminUserPatch,
        response: { 200: User, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => changeUserAsAdmin(context, callerOf(request), request.params.id, request.body),
  );
}
