export * from './app-error.ts';
export * from './problem.ts';
