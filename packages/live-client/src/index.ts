export * from './live-protocol.ts';
export * from './backoff.ts';
export * from './live-client.ts';
