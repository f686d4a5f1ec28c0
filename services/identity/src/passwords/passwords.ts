import { hash, verify } from '@node-rs/argon2';
import type { Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at OWASP's baseline (19 MiB, 2 passes, 1 lane). The parameters live in each stored hash,
 * so raising them later only affects new hashes and old ones still verify.
 */
const ARGON2ID = 2 as NonNullable<Options['algorithm']>;
const HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * The stored form of a password. A folder of its own: accounts get hashes both from sign-up (auth)
 * and from the first admin made at start (users), and sign-in (auth) checks them.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** False for a wrong password, and for a stored hash that cannot be read (never throws on input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash nobody knows the password of: verifying against it costs what a real check costs. */
export async function createDummyPasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'));
}

/** A password for a generated account: 144 random bits, typeable. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
