import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '@pustaka/kit/http';
import type { RouteAccess } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { describeEachBackend, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';
import { baseRequest, operationsOf } from './sweep/hostile-requests.ts';
import type { Operation } from './sweep/hostile-requests.ts';
import { buildSweepWorld } from './sweep/sweep-world.ts';
import type { SweepCast } from './sweep/sweep-world.ts';
import { CALLERS, mismatch, outcomeFor } from './access/access-rules.ts';
import { matrixCallers } from './access/matrix-callers.ts';
import { freshResources } from './access/fresh-resources.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };
/** Signing out revokes the caller's token: that operation goes last, so it does not end the others' sessions. */
const LAST = 'POST /api/auth/logout';

describeEachBackend('the access matrix: every operation of /openapi.json × every kind of caller', (backend) => {
  let storage: TestStorage;
  let platform: Platform;
  let api: HttpClient;
  let operations: (Operation & { access: RouteAccess })[];
  let cast: SweepCast;
  let offsetMs = 0;

  beforeAll(async () => {
    storage = await backend.open();
    const config = loadEmbeddedConfig({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      // The matrix signs up a member for each user it acts on, all from loopback.
      REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000',
    });
    const now = () => new Date(Date.now() + offsetMs);
    platform = await buildEmbedded(config, createLogger({ name: 'matrix', level: 'silent' }), storage.database, storage.cache, now);
    api = httpClient(await platform.app.listen({ port: 0, host: '127.0.0.1' }));
    const document = (await api.get('/openapi.json')).body;
    operations = operationsOf(document).map((operation) => ({
      ...operation,
      access: document.paths[operation.path][operation.method.toLowerCase()]['x-access'],
    }));
    cast = await buildSweepWorld(api, ADMIN);
  });
  afterAll(async () => {
    await platform?.close();
    await storage?.dispose();
  });

  it('has a declared access level for every operation', () => {
    expect(operations.length).toBeGreaterThan(40);
    const undeclared = operations.filter((operation) => !ROUTE_ACCESS.includes(operation.access)).map((operation) => `${operation.method} ${operation.path}`);
    expect(undeclared).toEqual([]);
  });

  it('keeps the table of who may call what in review: a change of access shows as a change of this file', async () => {
    const rows = operations.map((operation) => `| \`${operation.method} ${operation.path}\` | ${operation.access} |`).sort();
    const table = ['| operation | access |', '|---|---|', ...rows, ''].join('\n');
    await expect(table).toMatchFileSnapshot('./access/access-table.md');
  });

  it('lets exactly the intended callers through each operation, and refuses the others with the intended answer', async () => {
    const { member, staff, admin } = cast.tokens as Record<'member' | 'staff' | 'admin', string>;
    const tokens = await matrixCallers(api, { member, staff, admin }, (offset) => (offsetMs = offset));
    const freshPath = freshResources(api, { member, staff });
    const ordered = [...operations].sort((a, b) => Number(`${a.method} ${a.path}` === LAST) - Number(`${b.method} ${b.path}` === LAST));

    const wrong: string[] = [];
    const tally = new Map<RouteAccess, number>();
    for (const operation of ordered) {
      const name = `${operation.method} ${operation.path}`;
      for (const caller of CALLERS) {
        const request = baseRequest(operation, cast.world);
        const path = await freshPath(operation.path);
        const answer = await send(operation.method, path, tokens[caller], request.body);
        const problem = mismatch(outcomeFor(operation.access, caller), operation.access, answer);
        if (problem) wrong.push(`${name} [${operation.access}] as ${caller}: ${answer.status} ${answer.code ?? ''}, ${problem}`);
      }
      tally.set(operation.access, (tally.get(operation.access) ?? 0) + 1);
    }
    console.log(
      `[access matrix ${backend.name}] ${operations.length} operations × ${CALLERS.length} callers: ${[...tally].map(([access, n]) => `${n} ${access}`).join(', ')}`,
    );
    expect(wrong).toEqual([]);
  }, 240_000);

  async function send(method: string, path: string, token: string | undefined, body: unknown): Promise<{ status: number; code: string | undefined }> {
    const call = { get: api.get, post: api.post, patch: api.patch, put: api.put, delete: api.delete }[method.toLowerCase() as 'get'];
    const answer = await call(path, { token, ...(body === undefined ? {} : { body }) });
    return { status: answer.status, code: typeof answer.body === 'object' ? answer.body?.code : undefined };
  }
});
