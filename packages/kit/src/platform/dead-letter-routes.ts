import { Type } from 'typebox';
import type { Database } from '../db/open-database.ts';
import { listDeadLetters, replayDeadLetter } from '../bus/dead-letters.ts';
import type { Transport } from '../bus/transport.ts';
import { AppError } from '../errors/app-error.ts';
import { problems } from '../http/schemas.ts';
import type { HttpApp } from '../http/http-app.ts';

const DeadLetterSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  consumerId: Type.String(),
  eventId: Type.String(),
  type: Type.String(),
  error: Type.String(),
  attempts: Type.Integer(),
  failedAt: Type.String({ format: 'date-time' }),
  envelope: Type.Unknown(),
});

const ServiceParams = Type.Object({ service: Type.String({ pattern: '^[a-z][a-z0-9-]{0,40}$' }) }, { additionalProperties: false });

/**
 * Operator access to the events consumers gave up on, for every service with consumers in this
 * process: `GET /api/ops/dead-letters/:service` lists them (oldest first) and
 * `POST /api/ops/dead-letters/:service/:id/replay` sends one back to its consumer, whose inbox
 * makes a replay of something already applied harmless. Admins only.
 *
 * @example
 *   registerDeadLetterRoutes(app, { database, transport, services: ['catalog'] });
 */
export function registerDeadLetterRoutes(app: HttpApp, options: { database: Database; transport: Transport; services: readonly string[] }): void {
  const known = (service: string) => {
    if (!options.services.includes(service)) throw new AppError('not_found', 'SERVICE_NOT_FOUND', `No consumers of ${service} run here`);
  };
  const tags = ['operations'];
  app.get(
    '/api/ops/dead-letters/:service',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Events a service's consumers gave up on",
        params: ServiceParams,
        querystring: Type.Object(
          { consumerId: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeadLetterSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      known(request.params.service);
      const items = await listDeadLetters(options.database, request.params.service, {
        ...(request.query.consumerId ? { consumerId: request.query.consumerId } : {}),
        limit: request.query.limit ?? 50,
      });
      return { items: items.map((item) => ({ ...item, failedAt: item.failedAt.toISOString() })) };
    },
  );
  app.post(
    '/api/ops/dead-letters/:service/:id/replay',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Send a dead letter back to its consumer',
        params: Type.Object({ ...ServiceParams.properties, id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 202: Type.Object({ replayed: Type.Literal(true) }), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      known(request.params.service);
      if (!(await replayDeadLetter(options.database, request.params.service, request.params.id, { transport: options.transport }))) {
        throw new AppError('not_found', 'DEAD_LETTER_NOT_FOUND', 'No such dead letter (it may have been replayed already)');
      }
      return reply.status(202).send({ replayed: true as const });
    },
  );
}
