export * from './rebuild-runs.ts';
export * from './rebuild-pipeline.ts';
export * from './rebuilds.ts';
