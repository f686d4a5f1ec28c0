import type { JSONWebKeySet } from 'jose';

/** Where a verifier gets identity's public keys from. */
export type JwksSource = () => Promise<JSONWebKeySet>;

/**
 * Fetches the JWKS over HTTP (cluster: `http://identity:3001/.well-known/jwks.json`).
 *
 * @example
 *   const verifier = createTokenVerifier({ jwks: httpJwksSource(config.JWKS_URL), ... });
 */
export function httpJwksSource(url: string, timeoutMs = 5_000): JwksSource {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`JWKS request to ${url} answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  };
}
