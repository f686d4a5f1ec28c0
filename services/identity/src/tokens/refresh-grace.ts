import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Cache } from '@pustaka/kit/cache';

/**
 * The answer to a refresh, kept for a few seconds so that its twin (the same token sent again at
 * once by a second tab, or by a client retrying after a lost response) gets the very same pair
 * instead of tripping theft detection and signing the member out everywhere.
 *
 * The answer holds live tokens, so it is kept sealed: both the entry's key and its AES-256-GCM key
 * are derived (HKDF-SHA-256) from the presented refresh token, which is stored nowhere in the clear.
 * Whoever reads the cache, or the database with its token hashes, opens no session; only someone
 * presenting the spent token itself, within the grace window, gets the answer back.
 */
const INFO = 'pustaka refresh grace';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function derive(presented: string): { entry: string; key: Buffer } {
  const bytes = Buffer.from(hkdfSync('sha256', presented, Buffer.alloc(0), INFO, 64));
  return { entry: `refresh-grace:${bytes.subarray(0, 32).toString('hex')}`, key: bytes.subarray(32) };
}

export async function rememberRefreshAnswer(state: Cache, presented: string, answer: unknown, ttlSeconds: number): Promise<void> {
  const { entry, key } = derive(presented);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(entry));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  await state.set(entry, Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url'), ttlSeconds);
}

/** The answer remembered for this token, or undefined when there is none (or it does not open). */
export async function recallRefreshAnswer<T>(state: Cache, presented: string): Promise<T | undefined> {
  const { entry, key } = derive(presented);
  const stored = await state.get<string>(entry);
  if (typeof stored !== 'string') return undefined;
  const bytes = Buffer.from(stored, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(entry));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const opened = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(opened.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
