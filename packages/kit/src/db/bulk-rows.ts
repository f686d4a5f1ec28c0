import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';

/** How a column travels in a bulk statement; `text[]` goes as a JSON array per row. */
export type BulkColumnType = 'uuid' | 'text' | 'int' | 'boolean' | 'timestamptz' | 'jsonb' | 'text[]';

const ARRAY_TYPE: Record<BulkColumnType, string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int[]',
  boolean: 'boolean[]',
  timestamptz: 'timestamptz[]',
  jsonb: 'jsonb[]',
  // unnest would flatten an array of arrays into one column of elements: each row's array goes as JSON.
  'text[]': 'jsonb[]',
};
// Column names are written into the statement, so only plain identifiers pass.
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * `select … from unnest($1::uuid[], $2::text[], …)`: many rows in one statement with one array
 * parameter per column, however many rows (a multi-row VALUES needs a parameter per value, and
 * PostgreSQL stops at 65,535). The selected columns are named and ordered as `columns` lists
 * them, for `insertInto(table).columns([...]).expression(unnestRows(...))`. Runs the same on pg
 * and PGlite; timestamps go as ISO text (`pg` would send a Date in the process's time zone).
 *
 * @example
 *   await db
 *     .insertInto('orders')
 *     .columns(['id', 'user_id', 'total', 'created_at'])
 *     .expression(unnestRows(rows, { id: 'uuid', user_id: 'uuid', total: 'int', created_at: 'timestamptz' }))
 *     .execute();
 */
export function unnestRows<Row>(rows: readonly Row[], columns: { [Column in keyof Row]?: BulkColumnType }): RawBuilder<unknown> {
  const names = Object.keys(columns) as Array<keyof Row & string>;
  for (const name of names) if (!PLAIN_NAME.test(name)) throw new Error(`Not a plain column name: ${JSON.stringify(name)}`);
  const parameters = names.map((name) => {
    const type = columns[name]!;
    return sql`${rows.map((row) => encode(row[name], type))}::${sql.raw(ARRAY_TYPE[type])}`;
  });
  const selected = names.map((name) =>
    columns[name] === 'text[]' ? sql.raw(`array(select jsonb_array_elements_text(r."${name}")) as "${name}"`) : sql.raw(`r."${name}"`),
  );
  return sql`select ${sql.join(selected)} from unnest(${sql.join(parameters)}) as r (${sql.raw(names.map((name) => `"${name}"`).join(', '))})`;
}

function encode(value: unknown, type: BulkColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (type === 'jsonb' || type === 'text[]') return JSON.stringify(value);
  return value;
}

/**
 * Brings the planner's statistics of a schema's tables up to date after a bulk import: without
 * them it takes a table just filled for nearly empty and plans nested loops over it (and PGlite,
 * which has no autovacuum, would keep those plans for good).
 *
 * @example
 *   await analyzeTables(database.root, 'ticketing', ['events', 'seats']);
 */
export async function analyzeTables(db: Kysely<any>, schema: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql`analyze ${sql.id(schema, table)}`.execute(db);
}
