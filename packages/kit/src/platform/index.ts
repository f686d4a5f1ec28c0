export * from './service-module.ts';
export * from './build-platform.ts';
export * from './event-bus.ts';
export * from './rpc-hub.ts';
export * from './run-standalone.ts';
