export * from './open-database.ts';
export * from './migrate.ts';
export * from './ids.ts';
export * from './errors.ts';
export type { Kysely, Transaction, Selectable, Insertable, Updateable, Generated, ColumnType } from 'kysely';
export { sql } from 'kysely';
export * from './group-commit.ts';
export * from './bulk-rows.ts';
export * from './embedded-maintenance.ts';
