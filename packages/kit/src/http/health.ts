import { Type } from 'typebox';
import type { HttpApp } from './http-app.ts';

const CHECK_TIMEOUT_MS = 2000;

/**
 * `GET /healthz`: the process is alive (for a liveness probe: restart me if this fails).
 * `GET /readyz`: every dependency answers (for a readiness probe: send me traffic only if this passes).
 * A server that is shutting down reports not ready, so load balancers drain it first.
 */
export function registerHealthRoutes(app: HttpApp): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { 'x-access': 'public', tags: ['ops'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        'x-access': 'public',
        tags: ['ops'],
        summary: 'Readiness: every dependency reachable',
        response: {
          200: ReadyBody,
          503: ReadyBody,
        },
      },
    },
    async (_request, reply) => {
      const entries = await Promise.all([...app.readinessChecks].map(async ([name, check]) => [name, await outcome(check)] as const));
      const checks = Object.fromEntries(entries);
      const ready = !closing && entries.every(([, result]) => result === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: closing ? 'closing' : ready ? 'ready' : 'unavailable', checks });
    },
  );
}

const ReadyBody = Type.Object({
  status: Type.String(),
  checks: Type.Record(Type.String(), Type.String()),
});

async function outcome(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
