import type { HttpApp } from '@pustaka/kit/http';
import { Jwks } from './keys.schema.ts';

/** Verifiers cache the keys for a while; a token naming an unknown key makes them reload anyway. */
const JWKS_MAX_AGE_SECONDS = 300;

export function registerKeyRoutes(app: HttpApp, jwks: () => Promise<Jwks>): void {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Public keys that verify access tokens (JWKS)',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      return jwks();
    },
  );
}
