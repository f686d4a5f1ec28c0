import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/** The Fastify instance every service registers its routes on, typed by TypeBox schemas. */
export type HttpApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A check `/readyz` runs: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Who may call a route, declared by every route in `config: { access }` (the platform refuses to
 * start with an API route that declares none):
 * - `public`: anyone, signed in or not;
 * - `member`: any signed-in caller, acting for themself (their profile, their new order);
 * - `owner`: a signed-in caller, on a resource that is theirs, or staff and admins; anyone else
 *   gets the 404 of a missing resource (the handler checks ownership with `assertOwnerOrRole`);
 * - `staff`: staff and admins;
 * - `admin`: admins only.
 */
export const ROUTE_ACCESS = ['public', 'member', 'owner', 'staff', 'admin'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; see RouteAccess. */
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Named dependency checks behind `GET /readyz`; services add theirs at start. */
    readinessChecks: Map<string, ReadinessCheck>;
  }
}
