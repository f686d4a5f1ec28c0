export * from './http-app.ts';
export * from './create-http-server.ts';
export * from './error-handler.ts';
export * from './run-server.ts';
export * from './schemas.ts';
export * from './conditional-get.ts';
