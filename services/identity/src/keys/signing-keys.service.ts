import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { newId } from '@pustaka/kit/db';
import type { Executor } from '../identity.tables.ts';
import { insertSigningKeyUnlessTaken, listSigningKeys } from './signing-keys.repository.ts';
import type { SigningKeyRow } from './signing-keys.repository.ts';
import type { Jwks, PublicJwk } from './keys.schema.ts';

export const SIGNING_ALGORITHM = 'EdDSA';

/** The key that signs new tokens, and the public keys that verify any token still in use. */
export interface SigningKeys {
  current: { kid: string; privateKey: CryptoKey };
  jwks: Jwks;
}

/**
 * Loads the persisted keys, creating the first one when there is none, so a restart keeps
 * everyone signed in. Replicas starting together race on the insert; exactly one key wins and
 * every replica reads that one back.
 */
export async function loadSigningKeys(db: Executor, now: Date): Promise<SigningKeys> {
  let rows = await listSigningKeys(db);
  if (rows.length === 0) {
    await insertSigningKeyUnlessTaken(db, await generateSigningKey(1, now));
    rows = await listSigningKeys(db);
  }
  const [newest] = rows;
  if (!newest) throw new Error('No signing key could be stored');
  const privateKey = await importJWK(newest.private_jwk, SIGNING_ALGORITHM);
  if (!isCryptoKey(privateKey)) throw new Error(`Signing key ${newest.kid} is not an asymmetric private key`);
  return {
    current: { kid: newest.kid, privateKey },
    jwks: { keys: rows.map((row) => row.public_jwk) },
  };
}

async function generateSigningKey(generation: number, now: Date): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const kid = newId();
  const labels = { kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  const { kty, crv, x } = await exportJWK(publicKey);
  if (!kty || !crv || !x) throw new Error('Exported public key is incomplete');
  const publicJwk: PublicJwk = { kty, crv, x, ...labels };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), ...labels };
  return { kid, generation, public_jwk: publicJwk, private_jwk: privateJwk, created_at: now };
}

function isCryptoKey(key: CryptoKey | Uint8Array): key is CryptoKey {
  return !(key instanceof Uint8Array);
}
