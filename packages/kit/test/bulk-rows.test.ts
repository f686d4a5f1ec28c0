import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { newId, serviceDb, unnestRows } from '../src/db/index.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';

interface Tables {
  things: { id: string; name: string | null; count: number; ready: boolean; at: Date; details: unknown; tags: string[] };
}

describeEachBackend('bulk rows', (backend) => {
  let storage: TestStorage;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    storage = await backend.open();
    await sql`create schema bulky`.execute(storage.database.root);
    await sql`create table bulky.things (id uuid primary key, name text, count int not null, ready boolean not null, at timestamptz not null, details jsonb not null, tags text[] not null)`.execute(
      storage.database.root,
    );
    db = serviceDb<Tables>(storage.database, 'bulky');
  });
  afterAll(async () => storage?.dispose());

  it('inserts many rows in one statement, every kind of value read back as written', async () => {
    const awkward = ['plain', `quote ' and "double"`, 'back\\slash', 'comma, {brace}', 'NULL', '', 'ünïcødé — ✓', 'tab\there\nnewline'];
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      id: newId(),
      name: i % 10 === 9 ? null : awkward[i % awkward.length]!,
      count: i,
      ready: i % 2 === 0,
      at: new Date(Date.UTC(2025, 0, 1) + i * 1_000),
      details: { i, nested: { text: awkward[i % awkward.length] } },
      tags: awkward.slice(0, i % 4),
    }));
    await db
      .insertInto('things')
      .columns(['id', 'name', 'count', 'ready', 'at', 'details', 'tags'])
      .expression(unnestRows(rows, { id: 'uuid', name: 'text', count: 'int', ready: 'boolean', at: 'timestamptz', details: 'jsonb', tags: 'text[]' }))
      .execute();
    const stored = await db.selectFrom('things').selectAll().orderBy('count').execute();
    expect(stored).toEqual(rows);
  });

  it('refuses a column name that is not a plain identifier', () => {
    expect(() => unnestRows([{ 'x"; drop table things; --': 1 }], { 'x"; drop table things; --': 'int' })).toThrow(/plain column name/);
  });
});
