import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A new, empty PostgreSQL database beside the test's own. */
export async function createDatabase(testUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pustaka_rebuild_test_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: testUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(testUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
