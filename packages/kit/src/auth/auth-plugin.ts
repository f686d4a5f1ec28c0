import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import type { HttpApp } from '../http/http-app.ts';
import type { Caller, Role } from './caller.ts';
import type { TokenVerifier } from './token-verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null for an anonymous request. */
    caller: Caller | null;
  }
  interface FastifyInstance {
    /**
     * The verifier behind `request.caller`, for a token that does not come in a header: a browser
     * cannot set one on a WebSocket, so notify's `/ws` reads it from the socket's first message.
     */
    verifyAccessToken: TokenVerifier;
  }
}

/**
 * Verifies the `Authorization: Bearer` token of every request that carries one and exposes the
 * caller as `request.caller`. A request without a token is anonymous; one with a bad token is
 * rejected (401) even on public routes, so a client learns its token is wrong.
 *
 * @example
 *   installAuth(app, verifier);
 *   app.post('/api/books', { onRequest: requireRole('staff', 'admin') }, handler);
 */
export function installAuth(app: HttpApp, verify: TokenVerifier): void {
  app.decorateRequest('caller', null);
  app.decorate('verifyAccessToken', verify);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'INVALID_TOKEN', 'Send the access token as "Authorization: Bearer <token>"');
    request.caller = await verify(match[1]);
  });
}

/** The caller, or 401 when the request is anonymous. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('unauthorized', 'AUTH_REQUIRED', 'Sign in to do this');
  return request.caller;
}

/**
 * Route guard: a signed-in caller of any role. Guards are `onRequest` hooks, so a caller who may
 * not do something is turned away before their body is even read or validated.
 */
export const requireCaller: onRequestAsyncHookHandler = async (request) => {
  callerOf(request);
};

/** Route guard: a signed-in caller with one of the roles (401 when anonymous, 403 otherwise). */
export function requireRole(...roles: Role[]): onRequestAsyncHookHandler {
  return async (request) => {
    const caller = callerOf(request);
    if (!roles.includes(caller.role)) throw new AppError('forbidden', 'FORBIDDEN', 'Your role may not do this');
  };
}

/**
 * Ownership check inside a handler: the owner, or a caller with one of the roles, may proceed.
 * Others get exactly the error a missing resource gets (pass the service's own, e.g.
 * `orderNotFound`), so they cannot even learn that someone else's resource exists.
 *
 * @example
 *   assertOwnerOrRole(caller, order.userId, ['staff', 'admin'], orderNotFound);
 */
export function assertOwnerOrRole(caller: Caller, ownerId: string, roles: Role[], notFound: () => AppError): void {
  if (caller.id !== ownerId && !roles.includes(caller.role)) throw notFound();
}
