import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectLive } from '@pustaka/live-client';
import type { LiveClientState } from '@pustaka/live-client';
import { createTestTokens, describeEachBackend } from '@pustaka/kit/testing';
import type { TestTokens } from '@pustaka/kit/testing';
import { createFakeInbox, sleep, startLiveReplica } from './live-support.ts';
import type { LiveReplica } from './live-support.ts';

describeEachBackend('the live client against notify', (backend) => {
  const inbox = createFakeInbox();
  let tokens: TestTokens;
  let first: LiveReplica;
  let second: LiveReplica;
  let firstUp = true;
  beforeAll(async () => {
    tokens = await createTestTokens();
    [first, second] = await Promise.all([1, 2].map(async () => startLiveReplica(await backend.open(), { tokens, inbox })));
  });
  afterAll(async () => {
    await second.close();
    if (firstUp) await first.close();
  });

  const until = async (check: () => boolean, what: string) => {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 5_000) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  };

  it('catches up after its replica stops: reconnects to another, resumes, nothing lost and nothing twice', async () => {
    const alice = randomUUID();
    const received: string[] = [];
    const states: LiveClientState[] = [];
    let readies = 0;
    const client = connectLive({
      url: () => (firstUp ? first.wsUrl : second.wsUrl),
      token: () => tokens.issue({ role: 'member', userId: alice }),
      random: () => 0,
      onNotification: (notification) => received.push(notification.id),
      onStateChange: (state) => states.push(state),
      onReady: () => {
        readies += 1;
      },
    });
    await until(() => readies === 1, 'the first sign-in');
    const live = inbox.add(alice);
    await first.live.delivery.toMember(alice, live);
    await until(() => received.length === 1, 'the live notification');

    // Committed to the inbox, never pushed: the replica stops before it delivers them.
    const missed = [inbox.add(alice), inbox.add(alice)];
    firstUp = false;
    await first.close();
    await until(() => readies === 2, 'the sign-in on the other replica');
    const after = inbox.add(alice);
    // The last missed one pushed again (a replica that died before acknowledging it) is dropped.
    await second.live.delivery.toMember(alice, missed[1]!);
    await second.live.delivery.toMember(alice, after);
    await until(() => received.length >= 4, 'the notifications after the reconnection');
    await sleep(100);
    expect(received).toEqual([live, ...missed, after].map((each) => each.id));
    expect(states).toEqual(['open', 'waiting', 'connecting', 'open']);
    client.close();
  });
});
