export * from './service-module.ts';
export * from './build-platform.ts';
