import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createTestTokens } from '@pustaka/kit/testing';

export interface StandInIdentity {
  /** Where a service verifying tokens fetches the keys (its JWKS_URL). */
  jwksUrl: string;
  /** Signs an access token for `role` (a new user unless `userId` is given), valid for the whole run. */
  issue(role: 'member' | 'staff' | 'admin', userId?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * What a service alone needs of identity to verify callers: its public keys, served on loopback,
 * and tokens signed with them by the bench itself, for users identity never saw (seeded members).
 */
export async function startStandInIdentity(port: number): Promise<StandInIdentity> {
  const tokens = await createTestTokens();
  // The stand-in identity only publishes its keys; its factory needs nothing from a platform.
  const keys = await (await tokens.service(undefined as never)).jwks!();
  const server = await serveJwks(port, keys);
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issue: (role, userId = randomUUID()) => tokens.issue({ role, userId, expiresInSeconds: 7200 }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Serves `keys` at `/.well-known/jwks.json` on loopback. */
export function serveJwks(port: number, keys: unknown): Promise<Server> {
  const body = JSON.stringify(keys);
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
