import { expect, it } from 'vitest';
import { defineConsumer, newEvent } from '@pustaka/kit/bus';

const declared = defineConsumer<{ seen: string[] }, unknown, { id: string }>({
  schema: 'shop',
  consumerId: 'shop.receipts',
  events: ['order.placed'],
  batchSize: 10,
  handlers: (ctx) => {
    const applied: string[] = [];
    return {
      handle: async (_trx, event) => {
        applied.push(event.payload.id);
      },
      afterBatchCommit: async () => {
        ctx.seen.push(...applied.splice(0));
      },
    };
  },
});

it('reads its declaration without a context, and gives each subscription handlers of its own', async () => {
  expect({ ...declared }).toEqual({ schema: 'shop', consumerId: 'shop.receipts', events: ['order.placed'], batchSize: 10 });
  const [first, second] = [{ seen: [] as string[] }, { seen: [] as string[] }];
  const [one, other] = [declared(first), declared(second)];
  expect(one).toMatchObject({ schema: 'shop', consumerId: 'shop.receipts', events: ['order.placed'], batchSize: 10 });
  const event = (id: string) => newEvent('order.placed', { id });
  await one.handle(undefined as never, event('a'));
  await other.handle(undefined as never, event('b'));
  await one.afterBatchCommit?.([]);
  await other.afterBatchCommit?.([]);
  expect([first.seen, second.seen]).toEqual([['a'], ['b']]);
});

it('refuses a consumer of no events', () => {
  expect(() => defineConsumer({ schema: 'shop', consumerId: 'shop.nothing', events: [], handlers: () => ({ handle: async () => {} }) })).toThrow(
    'consumes no events',
  );
});
