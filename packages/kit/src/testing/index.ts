export * from './real-services.ts';
export * from './backends.ts';
export * from './test-platform.ts';
export * from './http-client.ts';
export * from './describe-each-backend.ts';
export * from './test-tokens.ts';
export * from './ports.ts';
export * from './captured-spans.ts';
