import { httpJwksSource } from '@pustaka/kit/auth';
import type { JwksSource } from '@pustaka/kit/auth';

/**
 * Identity's keys from the first of its replicas that answers, so one replica down does not stop
 * the edge from verifying tokens signed with a key it has not seen yet.
 *
 * @example
 *   const jwks = replicaJwksSource(['http://identity-a:3001/.well-known/jwks.json', 'http://identity-b:3001/.well-known/jwks.json']);
 */
export function replicaJwksSource(urls: readonly string[]): JwksSource {
  const sources = urls.map((url) => httpJwksSource(url));
  return async () => {
    let failure: unknown = new Error('No service signs tokens: set JWKS_URL');
    for (const source of sources) {
      try {
        return await source();
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  };
}
