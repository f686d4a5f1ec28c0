import { sql } from '@pustaka/kit/db';
import type { DiscoveryDb } from '../discovery.tables.ts';
import { LIVE_SCHEMA } from '../read-models/read-model-schemas.ts';
import type { Version } from './documents.repository.ts';

/**
 * Sets a category's name when `version` is newer than the name held (or the category is new),
 * and returns the name it holds then: the newest told, which a book's document is filed under
 * whatever name the book's own event carried.
 */
export async function rememberCategoryName(db: DiscoveryDb, id: string, name: string, version: Version): Promise<string> {
  await setCategoryNameIfNewer(db, id, name, version);
  const row = await db.selectFrom('categories').select('name').where('id', '=', id).executeTakeFirstOrThrow();
  return row.name;
}

/** Sets a category's name when `version` is newer than the name held, or the category is new; true when it did. */
export async function setCategoryNameIfNewer(db: DiscoveryDb, id: string, name: string, version: Version): Promise<boolean> {
  const written = await db
    .insertInto('categories')
    .values({ id, name, version })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), version: eb.ref('excluded.version') }))
        .where(
          version === null ? sql<boolean>`categories.version is null` : sql<boolean>`(categories.version is null or categories.version < excluded.version)`,
        ),
    )
    .returning('id')
    .executeTakeFirst();
  return written !== undefined;
}

/** The versions a category's name holds, by id. */
export async function findCategoryVersions(db: DiscoveryDb, ids: readonly string[]): Promise<Map<string, Version>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'version'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.version]));
}

/**
 * Adds the categories not held yet (a rebuild's page) and returns the name each of the given
 * categories holds then: one an event reached first keeps the event's name.
 */
export async function addNewCategories(
  db: DiscoveryDb,
  categories: ReadonlyArray<{ id: string; name: string; version: Version }>,
): Promise<Map<string, string>> {
  if (categories.length === 0) return new Map();
  const unique = [...new Map(categories.map((category) => [category.id, category])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  await db
    .insertInto('categories')
    .values(unique.map(({ id, name, version }) => ({ id, name, version })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where(
      'id',
      'in',
      unique.map((category) => category.id),
    )
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Copies into the shadow (`db`) the live categories it does not hold (those of deleted books, of
 * no book any more), with their versions, so an older event still changes nothing once it is live.
 */
export async function carryOverCategories(db: DiscoveryDb): Promise<void> {
  await db
    .insertInto('categories')
    .expression(sql`select * from ${sql.table(`${LIVE_SCHEMA}.categories`)}`)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
