export * from './registry.ts';
export * from './http-metrics.ts';
