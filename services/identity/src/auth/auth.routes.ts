import { Type } from 'typebox';
import { callerOf } from '@pustaka/kit/auth';
import { problems } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { IdentityContext } from '../identity.context.ts';
import { LoginBody, RefreshBody, RegisterBody, Session } from './auth.schema.ts';
import { logIn, logOut, refresh, register } from './auth.service.ts';

export function registerAuthRoutes(app: HttpApp, context: IdentityContext): void {
  app.post(
    '/api/auth/register',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create a member account and sign in',
        description: 'Sign-ups from one client address are limited per hour: then 429 TOO_MANY_REGISTRATIONS with Retry-After.',
        body: RegisterBody,
        response: { 201: Session, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await register(context, request.body, request.ip)),
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Repeated failures of one account from one address make that pair wait longer each time; many failures from one address stop the address for a while, and many against one account from everywhere slow it. Each is answered 429 TOO_MANY_ATTEMPTS with Retry-After.',
        body: LoginBody,
        response: { 200: Session, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => logIn(context, request.body, request.ip),
  );

  app.post(
    '/api/auth/refresh',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token for a new token pair',
        description:
          'The token is spent. Sent again within a few seconds (two tabs, a retry), it gets the same new pair; presented again later, it revokes its whole family (REFRESH_REUSED).',
        body: RefreshBody,
        response: { 200: Session, ...problems(400, 401, 403) },
      },
    },
    async (request) => refresh(context, request.body.refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'member' },
      schema: {
        tags: ['auth'],
        summary: "Sign out: revoke this refresh token's family and the access token at once",
        body: RefreshBody,
        response: { 204: Type.Null({ description: 'Signed out' }), ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      await logOut(context, callerOf(request), request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );
}
