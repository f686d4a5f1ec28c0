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

/** One answer the gateway gave while the cluster was starting. */
export interface ProbeAnswer {
  path: string;
  status: number;
  /** Milliseconds since the gateway first accepted a connection. */
  at: number;
}

/**
 * Asks the gateway for `paths` over and over, from the moment it accepts connections (refused
 * connections before that are not answers) until `until` settles and another `afterMs` have
 * passed: what a client that starts while the cluster does would see.
 *
 * @example
 *   const answers = probeWhileStarting(`http://127.0.0.1:${ports.gateway}`, ['/readyz', '/api/books'], started);
 */
export async function probeWhileStarting(gateway: string, paths: readonly string[], until: Promise<unknown>, afterMs = 1_000): Promise<ProbeAnswer[]> {
  let done = false;
  void until
    .finally(() =>
      setTimeout(() => {
        done = true;
      }, afterMs),
    )
    .catch(() => {});
  const answers: ProbeAnswer[] = [];
  let firstAcceptedAt: number | undefined;
  while (!done) {
    await Promise.all(
      paths.map(async (path) => {
        try {
          const response = await fetch(`${gateway}${path}`, { signal: AbortSignal.timeout(5_000) });
          await response.body?.cancel();
          firstAcceptedAt ??= Date.now();
          answers.push({ path, status: response.status, at: Date.now() - firstAcceptedAt });
        } catch {
          // Not listening yet (or the probe timed out): no answer to record.
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return answers;
}
