import { sql } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
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
  // Built with the query builder, not raw SQL, so the table is the one of the schema `db` is on:
  // the live one, or the shadow a rebuild fills (`withSchema`). Its columns vary with the table.
  const counted = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const columns = [...table.keys, ...table.counters];
  const values = columns.map(([field, , type]) => sql`${rows.map((row) => row[field])}::${sql.raw(type)}[]`);
  const upsert = counted
    .insertInto(table.name)
    .columns(columns.map(([, column]) => column))
    .expression(sql`select * from unnest(${sql.join(values)})`)
    .onConflict((oc) =>
      oc
        .columns(table.keys.map(([, column]) => column))
        .doUpdateSet((eb) =>
          Object.fromEntries(table.counters.map(([, column]) => [column, eb(eb.ref(`${table.name}.${column}`), '+', eb.ref(`excluded.${column}`))])),
        ),
    );
  // A stored count is above zero, so only a row whose count goes down can come to nothing: when
  // every count goes up (placements alone, the bulk of a rebuild), no row is sent back.
  const countField = table.counters.find(([, column]) => column === table.count)![0];
  if (rows.every((row) => (row[countField] as number) > 0)) {
    await upsert.execute();
    return;
  }
  const added = await upsert
    .returning([...table.keys.map(([, column]) => sql<string>`${sql.ref(column)}::text`.as(column)), sql<boolean>`${sql.ref(table.count)} <= 0`.as('emptied')])
    .execute();
  const emptied = added.filter((row) => row.emptied === true);
  if (emptied.length === 0) return;
  const emptiedKeys = table.keys.map(([, column, type]) => sql`${emptied.map((row) => row[column])}::${sql.raw(type)}[]`);
  await counted
    .deleteFrom(table.name)
    .where(sql<boolean>`(${sql.join(table.keys.map(([, column]) => sql.ref(column)))}) in (select * from unnest(${sql.join(emptiedKeys)}))`)
    .where(table.count, '<=', 0)
    .execute();
}
