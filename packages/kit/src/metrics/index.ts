export * from './registry.ts';
export * from './http-metrics.ts';
export * from './metrics-server.ts';
