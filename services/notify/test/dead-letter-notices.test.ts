import { expect, it } from 'vitest';
import { busMigration } from '@pustaka/kit/bus';
import type { Transport } from '@pustaka/kit/bus';
import { migrateToLatest } from '@pustaka/kit/db';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { createTestTokens, describeService, eventually, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { notifySettings } from '../config.ts';
import { notifyService } from '../src/notify.service-module.ts';
import { orderPlaced, userUpdated } from './shop-events.ts';

/**
 * Notify beside a service whose one consumer always fails, on the platform's own event bus: what
 * the platform does with a dead letter, from the consumer giving up to staff reading of it.
 */
async function startWithFailingConsumer(storage: TestStorage) {
  const tokens = await createTestTokens();
  let transport: Transport | undefined;
  const failing: ServiceFactory = async (deps) => {
    await migrateToLatest(deps.database, 'flaky', { '0001_outbox_inbox': busMigration });
    await deps.events.subscribe({
      schema: 'flaky',
      consumerId: 'flaky.always-fails',
      events: ['order.placed'],
      maxAttempts: 1,
      handle: async () => {
        throw new Error('the flaky service is broken');
      },
    });
    transport = deps.events.transport;
    return { name: 'flaky', routes: async () => {} };
  };
  const platform = await startTestPlatform(storage, [tokens.service, notifyService(notifySettings({ NOTIFY_EMAIL_CRON: '0 0 0 1 1 *' })), failing]);
  const staffId = crypto.randomUUID();
  return {
    api: httpClient(platform.url),
    transport: transport!,
    staff: { id: staffId, token: await tokens.issue({ role: 'staff', userId: staffId }) },
    close: () => platform.close(),
  };
}

describeService('notify: staff hear of dead letters', startWithFailingConsumer, (sut) => {
  it("tells staff when a service's consumer gives up on an event", async () => {
    await sut.transport.publish(userUpdated(sut.staff.id, 'staff'));
    const placed = orderPlaced(crypto.randomUUID());
    await sut.transport.publish(placed);
    await eventually(async () => {
      const items = (await sut.api.get('/api/notifications', { token: sut.staff.token })).body.items;
      expect(items).toEqual([
        expect.objectContaining({
          kind: 'dead_letter',
          link: '/staff/dead-letters?service=flaky',
          data: expect.objectContaining({ service: 'flaky', consumerId: 'flaky.always-fails', eventId: placed.id, eventType: 'order.placed' }),
        }),
      ]);
    }, 20_000);
  });
});
