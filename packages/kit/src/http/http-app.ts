import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/** The Fastify instance every service registers its routes on, typed by TypeBox schemas. */
export type HttpApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A check `/readyz` runs: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Named dependency checks behind `GET /readyz`; services add theirs at start. */
    readinessChecks: Map<string, ReadinessCheck>;
  }
}
