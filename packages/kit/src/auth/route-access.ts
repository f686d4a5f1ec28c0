import type { onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import type { HttpApp, RouteAccess } from '../http/http-app.ts';
import { bearerAuth } from '../http/schemas.ts';
import { requireCaller, requireRole } from './auth-plugin.ts';

/** The guard each access level puts in front of its routes (none for public ones). */
const GUARDS: Record<RouteAccess, onRequestAsyncHookHandler | undefined> = {
  public: undefined,
  member: requireCaller,
  // Ownership needs the resource, so the handler decides it; the guard only asks for a caller.
  owner: requireCaller,
  staff: requireRole('staff', 'admin'),
  admin: requireRole('admin'),
};

/**
 * Every route registered from here on must say who may call it (`config: { access }`), and gets
 * from that declaration its guard (an `onRequest` hook, so a refused caller's body is never read),
 * the bearer scheme in the OpenAPI document and `x-access` there, which the access-matrix test
 * reads. A route that declares nothing fails the start, naming itself, so no route is ever open
 * by omission. Routes hidden from the API document (`/docs`, redirects) are exempt.
 *
 * @example
 *   app.post('/api/books', { config: { access: 'staff' }, schema: { ... } }, handler);
 */
export function enforceRouteAccess(app: HttpApp): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    const access = route.config?.access;
    if (access === undefined || !(access in GUARDS)) {
      throw new Error(`${String(route.method)} ${route.url} declares no access: add config: { access: 'public' | 'member' | 'owner' | 'staff' | 'admin' }`);
    }
    const guard = GUARDS[access];
    // Fastify adds a HEAD route for each GET with the same options: do not guard it twice.
    if (guard && !hooksOf(route).includes(guard)) route.onRequest = [guard, ...hooksOf(route)];
    // `x-` keys are copied into the OpenAPI operation as they are (an OpenAPI extension).
    const documented = { ...route.schema, ...(access === 'public' ? {} : { security: bearerAuth }), 'x-access': access };
    route.schema = documented as RouteOptions['schema'];
  });
}

function hooksOf(route: RouteOptions): onRequestAsyncHookHandler[] {
  const hooks = route.onRequest;
  if (hooks === undefined) return [];
  return (Array.isArray(hooks) ? hooks : [hooks]) as onRequestAsyncHookHandler[];
}
