import { expect, it } from 'vitest';
import { createTestTokens, describeService, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { notifySettings } from '../config.ts';
import { createNotifyContext } from '../src/notify-context.ts';
import { notifyService } from '../src/notify.service-module.ts';
import { addItem } from '../src/items/items.service.ts';

/** The service on a free port, with its context over the same storage to add items directly. */
async function startNotify(storage: TestStorage) {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, notifyService(notifySettings())]);
  const ctx = createNotifyContext(platformDepsFor(storage), notifySettings());
  return { api: httpClient(platform.url), ctx, close: () => platform.close() };
}

describeService('notify items', startNotify, (sut) => {
  it('lists the items newest first, a page at a time, with the total', async () => {
    const first = await addItem(sut.ctx, 'first');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await addItem(sut.ctx, 'second');
    const page = await sut.api.get('/api/notify/items?pageSize=1');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ items: [second], total: 2, page: 1, pageSize: 1 });
    expect((await sut.api.get('/api/notify/items?page=2&pageSize=1')).body.items).toEqual([first]);
  });

  it('refuses a bad page with a problem naming the field', async () => {
    const response = await sut.api.get('/api/notify/items?page=0');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
