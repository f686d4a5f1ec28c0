import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { services } from '../index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const { postgresUrl } = inject('realServices');

/**
 * `node services/<name>/main.ts --migrate` with only this environment (no broker, cache, keys or
 * peers, as a migration job has): its exit code and what it printed.
 */
async function migrate(service: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return run(process.execPath, [join(ROOT, 'services', service, 'main.ts'), '--migrate'], {
    env: { PATH: process.env.PATH, LOG_PRETTY: 'false', ...env },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (failure: { code: number; stdout: string; stderr: string }) => ({ code: failure.code, out: failure.stdout + failure.stderr }),
  );
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('--migrate, without the rest of a configuration', () => {
  it('refuses a DATABASE_URL that is not PostgreSQL, naming it, and exits 1', async () => {
    const { code, out } = await migrate('orders', { DATABASE_URL: 'mysql://db/orders' });
    expect(code).toBe(1);
    expect(out).toContain('DATABASE_URL="mysql://db/orders"');
  });
});

describe.skipIf(!postgresUrl)('--migrate on PostgreSQL (a migration job)', () => {
  const database = `pustaka_test_migrate_${randomBytes(4).toString('hex')}`;
  let url = '';

  beforeAll(async () => {
    await onServer(postgresUrl!, (client) => client.query(`create database ${database}`));
    const at = new URL(postgresUrl!);
    at.pathname = `/${database}`;
    url = at.toString();
  });
  afterAll(async () => {
    await onServer(postgresUrl!, (client) => client.query(`drop database if exists ${database} with (force)`));
  });

  it('applies every migration of every service to its schema, and exits 0 when there is nothing left to apply', async () => {
    for (const [i, service] of services.entries()) {
      const first = await migrate(service.name, { DATABASE_URL: url });
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain('migrations applied');
      const expected = Object.keys((await service.migrations?.()) ?? {}).sort();
      const { rows } = await onServer(url, (client) => client.query<{ name: string }>(`select name from "${service.schema}".kysely_migration order by name`));
      expect(rows.map((row) => row.name)).toEqual(expected);

      // A second run finds nothing to do (once is enough: migrateToLatest's own suite covers the rest).
      if (i > 0) continue;
      const again = await migrate(service.name, { DATABASE_URL: url });
      expect(again.code, again.out).toBe(0);
      expect(again.out).toContain('schema already up to date');
    }
  });
});
