import { sql } from '@pustaka/kit/db';
import type { DiscoveryDb, DiscoveryTables } from '../discovery.tables.ts';

/** A table of counters: the columns of its primary key, the columns added to, and the count whose end removes a row. */
export interface CountedTable<Row> {
  name: keyof DiscoveryTables;
  keys: ReadonlyArray<readonly [field: keyof Row & string, column: string, type: string]>;
  counters: ReadonlyArray<readonly [field: keyof Row & string, column: string, type: string]>;
  /** The counter that says a row still stands for something: at zero or below the row goes. */
  count: string;
}

/**
 * Adds each row's counters to the table's row of the same key (inserting it when missing), in
 * the order given (callers sort by key, so concurrent writers lock rows in one order), then
 * removes the rows whose count came to nothing: one upsert, and a delete only when one emptied.
 * The rows travel as one array per column, so a batch of any size is two parameters a column.
 */
export async function addToCountedRows<Row extends object>(db: DiscoveryDb, table: CountedTable<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const target = sql.table(`discovery.${table.name}`);
  const columns = [...table.keys, ...table.counters];
  const values = columns.map(([field, , type]) => sql`${rows.map((row) => row[field])}::${sql.raw(type)}[]`);
  const keyColumns = sql.join(table.keys.map(([, column]) => sql.ref(column)));
  const added = await sql<Record<string, unknown>>`
    insert into ${target} (${sql.join(columns.map(([, column]) => sql.ref(column)))})
    select * from unnest(${sql.join(values)})
    on conflict (${keyColumns}) do update set ${sql.join(
      table.counters.map(([, column]) => sql`${sql.ref(column)} = ${target}.${sql.ref(column)} + excluded.${sql.ref(column)}`),
    )}
    returning ${sql.join(table.keys.map(([, column]) => sql`${sql.ref(column)}::text as ${sql.ref(column)}`))}, ${sql.ref(table.count)} <= 0 as emptied`.execute(
    db,
  );
  const emptied = added.rows.filter((row) => row.emptied === true);
  if (emptied.length === 0) return;
  const emptiedKeys = table.keys.map(([, column, type]) => sql`${emptied.map((row) => row[column])}::${sql.raw(type)}[]`);
  await sql`
    delete from ${target}
    where (${keyColumns}) in (select * from unnest(${sql.join(emptiedKeys)}))
    and ${sql.ref(table.count)} <= 0`.execute(db);
}
