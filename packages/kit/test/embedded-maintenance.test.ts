import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { maintainTables, openDatabase } from '../src/db/index.ts';
import type { Database } from '../src/db/index.ts';

const reltuples = async (database: Database) =>
  (await sql<{ n: number }>`select reltuples::float8 as n from pg_class where oid = 'upkeep.shelves'::regclass`.execute(database.root)).rows[0]!.n;

// PGlite only: it is the database without autovacuum (a server's own would race these checks).
describe('table maintenance on PGlite, where autovacuum never runs', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({});
    await sql`create schema upkeep`.execute(database.root);
    await sql`create table upkeep.shelves (id int primary key, label text not null)`.execute(database.root);
    await sql`create table upkeep.quiet (id int primary key)`.execute(database.root);
    await sql`insert into upkeep.quiet values (1)`.execute(database.root);
  });
  afterAll(async () => database?.close());

  it('analyses a table once it has changed past the threshold, and leaves unchanged ones alone', async () => {
    await sql`insert into upkeep.shelves select g, 'shelf ' || g from generate_series(1, 5000) g`.execute(database.root);
    expect(await reltuples(database)).toBe(-1);

    const first = await maintainTables(database.root);
    expect(first.analyzed).toContain('upkeep.shelves');
    expect(first.analyzed).not.toContain('upkeep.quiet');
    expect(await reltuples(database)).toBe(5000);
    expect(await maintainTables(database.root)).toEqual({ analyzed: [], vacuumed: [] });
  });

  it('vacuums a table whose dead rows passed the threshold', async () => {
    await sql`update upkeep.shelves set label = label || '!' where id <= 2000`.execute(database.root);
    const run = await maintainTables(database.root);
    expect(run.vacuumed).toEqual(['upkeep.shelves']);
    const { rows } = await sql<{ dead: number }>`select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'shelves'`.execute(database.root);
    expect(rows[0]!.dead).toBe(0);
  });
});
