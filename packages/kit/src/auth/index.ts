export * from './caller.ts';
export * from './revocation.ts';
export * from './jwks-source.ts';
export * from './token-verifier.ts';
export * from './auth-plugin.ts';
export * from './route-access.ts';
