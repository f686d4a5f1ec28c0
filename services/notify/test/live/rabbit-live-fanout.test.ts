import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Connection } from 'rabbitmq-client';
import { createLogger } from '@pustaka/kit/log';
import { createRabbitFanout } from '../../src/live/rabbit-live-fanout.ts';
import type { FanoutMessage } from '../../src/live/live-fanout.ts';
import { sleep } from './live-support.ts';

const amqpUrl = inject('realServices').amqpUrl;
const logger = createLogger({ name: 'test', level: 'silent' });

describe.skipIf(amqpUrl === undefined)('the live fan-out over RabbitMQ', () => {
  it('says so when its queue was lost and set up again, since what was sent meanwhile is gone', async () => {
    const fanout = createRabbitFanout({ url: amqpUrl!, logger, exchange: `test.notify.live.${randomUUID()}` });
    const received: FanoutMessage[] = [];
    let gaps = 0;
    await fanout.start(
      (message) => received.push(message),
      () => {
        gaps += 1;
      },
    );
    const admin = new Connection({ url: amqpUrl! });
    try {
      const message: FanoutMessage = { kind: 'topic', topic: `stock:${randomUUID()}`, message: { stock: 1 } };
      await fanout.publish(message);
      for (let waited = 0; received.length === 0 && waited < 5_000; waited += 20) await sleep(20);
      expect(received).toEqual([message]);
      expect(gaps).toBe(0);
      // As after a broker restart: the queue is gone; the consumer declares it again.
      await admin.queueDelete({ queue: fanout.queue });
      for (let waited = 0; gaps === 0 && waited < 10_000; waited += 50) await sleep(50);
      expect(gaps).toBe(1);
      await fanout.publish(message);
      for (let waited = 0; received.length === 1 && waited < 5_000; waited += 20) await sleep(20);
      expect(received).toHaveLength(2);
    } finally {
      await admin.close();
      await fanout.close();
    }
  });
});
