export * from './registry.ts';
export * from './sampled-gauge.ts';
export * from './metrics-server.ts';
