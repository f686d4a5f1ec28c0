import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import { listDeadLetters, newEvent, replayDeadLetter } from '../src/bus/index.ts';
import type { EventEnvelope } from '../src/bus/index.ts';
import { losingAcks, metricValue, sleep, uniqueName, waitFor } from './bus-fixtures.ts';
import { rabbitBus } from './rabbit-bus-fixture.ts';

const amqpUrl = inject('realServices').amqpUrl;
const run = promisify(execFile);

/** Stopping the broker is only done to a local one, and can be turned off where it is shared. */
const canRestartBroker = async () =>
  amqpUrl !== undefined &&
  ['127.0.0.1', 'localhost'].includes(new URL(amqpUrl).hostname) &&
  process.env.TEST_BROKER_RESTART !== '0' &&
  (await run('rabbitmqctl', ['--version']).then(
    () => true,
    () => false,
  ));

describe.skipIf(amqpUrl === undefined)('bus over RabbitMQ', () => {
  describeEachBackend('bus over RabbitMQ', (backend) => {
    const bus = rabbitBus(backend, amqpUrl!);
    const ids = (events: EventEnvelope[]) => events.map((event) => event.id);

    it('delivers 1,000 events, duplicates included, each applied exactly once and in order', async () => {
      const consumerId = uniqueName('notes.count');
      await bus.subscribed({ consumerId });
      bus.startRelay({ batchSize: 100 });
      const events = Array.from({ length: 1_000 }, (_, n) => newEvent('note.added', { n }));
      for (let n = 0; n < events.length; n += 10) await bus.publish(...events.slice(n, n + 10));
      await bus.relay.flush();
      // The same events again, as a relay would send them after losing its confirms.
      for (const event of events.slice(0, 50)) await bus.transport.publish(event);
      await waitFor(async () => (await metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'duplicate' })) === 50, {
        timeoutMs: 30_000,
      });
      expect(await bus.effects(consumerId)).toEqual(ids(events));
    });

    it('has no second effect when an ack is lost and the broker redelivers', async () => {
      const consumerId = uniqueName('notes.crashy');
      const flaky = losingAcks(bus.transport, 1);
      await bus.subscribed({ consumerId, transport: flaky });
      bus.startRelay();
      const event = newEvent('note.added', {});
      await bus.publish(event);
      await waitFor(() => flaky.deliveries === 2);
      await sleep(50);
      expect(await bus.effects(consumerId)).toEqual([event.id]);
    });

    it('retries through the retry queue, dead-letters, and replays to that consumer only', async () => {
      let broken = true;
      const attempts: number[] = [];
      const [fragile, steady] = [uniqueName('notes.fragile'), uniqueName('notes.steady')];
      const steadyTransport = losingAcks(bus.transport, 0);
      await bus.subscribed({
        consumerId: fragile,
        maxAttempts: 3,
        backoff: [100, 200],
        handle: async (trx, event) => {
          attempts.push(Date.now());
          if (broken) throw new Error('downstream unavailable');
          await trx.insertInto('effects').values({ consumer_id: fragile, event_id: event.id }).execute();
        },
      });
      await bus.subscribed({ consumerId: steady, transport: steadyTransport });
      bus.startRelay();
      const event = newEvent('note.added', {});
      await bus.publish(event);

      await waitFor(async () => (await listDeadLetters(bus.storage.database, bus.consumer, { consumerId: fragile })).length === 1);
      expect(attempts).toHaveLength(3);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(90);
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(190);
      expect(await bus.effects(steady)).toEqual([event.id]);
      const [parked] = await listDeadLetters(bus.storage.database, bus.consumer, { consumerId: fragile });
      expect(parked).toMatchObject({ eventId: event.id, attempts: 3, error: 'downstream unavailable' });
      expect(await metricValue('pustaka_bus_dead_letters_total', { consumer: fragile })).toBe(1);

      broken = false;
      expect(await replayDeadLetter(bus.storage.database, bus.consumer, parked!.id, { transport: bus.transport })).toBe(true);
      await waitFor(async () => (await bus.effects(fragile)).length === 1);
      await sleep(100);
      expect(await bus.effects(fragile)).toEqual([event.id]);
      expect(steadyTransport.deliveries).toBe(1);
      expect(await listDeadLetters(bus.storage.database, bus.consumer)).toEqual([]);
    });

    it("parks a message that is not an event envelope in the consumer's .dead queue", async () => {
      const consumerId = uniqueName('notes.strict');
      await bus.subscribed({ consumerId });
      const publisher = bus.admin.createPublisher({ confirm: true });
      await publisher.send({ exchange: bus.exchange, routingKey: 'note.added' }, 'not json at all');
      await publisher.close();
      const parked = async () => (await bus.admin.queueDeclare({ queue: `${consumerId}.dead`, passive: true }).catch(() => ({ messageCount: 0 }))).messageCount;
      await waitFor(async () => (await parked()) === 1);
      expect(await bus.effects(consumerId)).toEqual([]);
    });

    it('keeps publishing through a RabbitMQ restart (rabbitmqctl stop_app / start_app), losing and reordering nothing', async (context) => {
      if (!(await canRestartBroker())) context.skip();
      const consumerId = uniqueName('notes.outage');
      await bus.subscribed({ consumerId });
      bus.startRelay({ backoff: { initialMs: 50, maxMs: 500 } });
      const before = Array.from({ length: 10 }, (_, n) => newEvent('note.added', { n }));
      await bus.publish(...before);
      await waitFor(async () => (await bus.effects(consumerId)).length === 10);

      const during = Array.from({ length: 20 }, (_, n) => newEvent('note.added', { n: n + 10 }));
      const failuresBefore = await metricValue('pustaka_bus_publish_failures_total', { schema: bus.producer });
      try {
        await run('rabbitmqctl', ['stop_app']);
        for (const event of during) await bus.publish(event);
        await sleep(1_200);
        expect(await metricValue('pustaka_bus_publish_failures_total', { schema: bus.producer })).toBeGreaterThan(failuresBefore);
      } finally {
        await run('rabbitmqctl', ['start_app']);
      }
      await waitFor(async () => (await bus.effects(consumerId)).length >= 30, { timeoutMs: 30_000 });
      await sleep(100);
      expect(await bus.effects(consumerId)).toEqual(ids([...before, ...during]));
    });
  });
});
