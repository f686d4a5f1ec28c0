export * from './live-protocol.ts';
