import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestTokens, describeEachBackend, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { blankSlateSettings } from '../config.ts';
import { createBlankSlateContext } from '../src/blank-slate-context.ts';
import type { BlankSlateContext } from '../src/blank-slate-context.ts';
import { blankSlateService } from '../src/blank-slate.service-module.ts';
import { addItem } from '../src/items/items.service.ts';

describeEachBackend('blank slate items', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;
  let ctx: BlankSlateContext;

  beforeAll(async () => {
    storage = await backend.open();
    const tokens = await createTestTokens();
    platform = await startTestPlatform(storage, [tokens.service, blankSlateService(blankSlateSettings())]);
    api = httpClient(platform.url);
    ctx = createBlankSlateContext(platformDepsFor(storage), blankSlateSettings());
  });
  afterAll(async () => platform?.close());

  it('lists the items newest first, a page at a time, with the total', async () => {
    const first = await addItem(ctx, 'first');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await addItem(ctx, 'second');
    const page = await api.get('/api/blank-slate/items?pageSize=1');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ items: [second], total: 2, page: 1, pageSize: 1 });
    expect((await api.get('/api/blank-slate/items?page=2&pageSize=1')).body.items).toEqual([first]);
  });

  it('refuses a bad page with a problem naming the field', async () => {
    const response = await api.get('/api/blank-slate/items?page=0');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
