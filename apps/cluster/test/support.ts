export { listening } from '@pustaka/kit/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database prefix no other run uses: `pustaka_c1a2b3c4`. */
export function uniquePrefix(): string {
  return `pustaka_c${randomBytes(4).toString('hex')}`;
}

/**
 * The same Redis, another logical database: the cluster's rate-limit counts, sign-in throttles and
 * cache entries then never mix with those of a cluster someone runs by hand on this machine.
 */
export function separateRedisDatabase(url: string, index = 13): string {
  const separate = new URL(url);
  separate.pathname = `/${index}`;
  return separate.toString();
}

/** Rows of one query against a database, on a connection of its own. */
export async function queryRows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

