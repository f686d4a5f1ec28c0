export * from './envelope.ts';
export * from './order.events.ts';
export * from './catalog.events.ts';
export * from './user.events.ts';
export * from './ticketing.events.ts';
export * from './platform.events.ts';
export * from './registry.ts';
