export * from './registry.ts';
export * from './metrics-server.ts';
