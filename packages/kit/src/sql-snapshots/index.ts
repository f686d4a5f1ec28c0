export * from './sql-samples.ts';
export * from './capture-sql.ts';
export * from './render-sql-snapshot.ts';
export * from './sql-snapshot-files.ts';
