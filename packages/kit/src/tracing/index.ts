export * from './register-tracing.ts';
export * from './trace-context.ts';
export * from './http-tracing.ts';
export * from './rpc-tracing.ts';
export * from './event-tracing.ts';
export * from './batch-span.ts';
