import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { migrateToLatest, serviceDb, newId, isUniqueViolation } from '../src/db/index.ts';
import type { Migration } from '../src/db/index.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';

interface Tables {
  widgets: { id: string; name: string; count: number };
}

const migrations: Record<string, Migration> = {
  '0001_widgets': {
    up: async (db) => {
      await sql`create table widgets (id uuid primary key, name text not null unique, count int8 not null default 0)`.execute(db);
    },
  },
  '0002_widgets_check': {
    up: async (db) => {
      await sql`alter table widgets add constraint widgets_count_nonnegative check (count >= 0)`.execute(db);
    },
  },
};

describeEachBackend('database', (backend) => {
  let storage: TestStorage;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    storage = await backend.open();
    db = serviceDb<Tables>(storage.database, 'widgetry');
  });
  afterAll(async () => storage?.dispose());

  it('applies migrations once, in order, in the service schema', async () => {
    expect(await migrateToLatest(storage.database, 'widgetry', migrations)).toEqual(['0001_widgets', '0002_widgets_check']);
    expect(await migrateToLatest(storage.database, 'widgetry', migrations)).toEqual([]);
    const { rows } = await sql<{ schema: string }>`select table_schema as schema from information_schema.tables where table_name = 'widgets'`.execute(
      storage.database.root,
    );
    expect(rows).toEqual([{ schema: 'widgetry' }]);
  });

  it('two migrators racing apply each migration once', async () => {
    const more = {
      ...migrations,
      '0003_note': {
        up: async (d: Kysely<any>) => {
          await sql`alter table widgets add column note text`.execute(d);
        },
      },
    };
    const results = await Promise.all([migrateToLatest(storage.database, 'widgetry', more), migrateToLatest(storage.database, 'widgetry', more)]);
    expect(results.flat()).toEqual(['0003_note']);
  });

  it('reads int8 as a number on every driver and detects unique violations', async () => {
    await db.insertInto('widgets').values({ id: newId(), name: 'a', count: 3 }).execute();
    const row = await db
      .selectFrom('widgets')
      .select(['count', (eb) => eb.fn.countAll().as('n')])
      .groupBy('count')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ count: 3, n: 1 });
    const duplicate = await db
      .insertInto('widgets')
      .values({ id: newId(), name: 'a', count: 0 })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate, 'widgets_name_key')).toBe(true);
  });

  it('issues time-ordered UUIDv7 ids', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });
});
