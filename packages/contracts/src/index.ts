export * from './events/index.ts';
export * from './errors/out-of-stock.ts';
