import { beforeAll, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '@pustaka/kit/http';
import type { RouteAccess } from '@pustaka/kit/http';
import { describeService } from '@pustaka/kit/testing';
import { baseRequest, operationsOf } from './sweep/hostile-requests.ts';
import type { Operation } from './sweep/hostile-requests.ts';
import { CALLERS, mismatch, outcomeFor } from './access/access-rules.ts';
import { matrixCallers } from './access/matrix-callers.ts';
import { freshResources } from './access/fresh-resources.ts';
import { startSweepShop } from './sweep/sweep-shop.ts';

/** Signing out revokes the caller's token: that operation goes last, so it does not end the others' sessions. */
const LAST = 'POST /api/auth/logout';

/** The platform's clock, a test moves it to sign an expired token. */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
// The matrix signs up a member for each user it acts on, all from loopback.
const env = { REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000' };

describeService('the access matrix: every operation of /openapi.json × every kind of caller', startSweepShop({ env, now }), (shop, { backend }) => {
  let operations: (Operation & { access: RouteAccess })[];

  beforeAll(async () => {
    const document = (await shop.api.get('/openapi.json')).body;
    operations = operationsOf(document).map((operation) => ({
      ...operation,
      access: document.paths[operation.path][operation.method.toLowerCase()]['x-access'],
    }));
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
    const { member, staff, admin } = shop.cast.tokens as Record<'member' | 'staff' | 'admin', string>;
    const tokens = await matrixCallers(shop.api, { member, staff, admin }, (offset) => (offsetMs = offset));
    const freshPath = freshResources(shop.api, { member, staff });
    const ordered = [...operations].sort((a, b) => Number(`${a.method} ${a.path}` === LAST) - Number(`${b.method} ${b.path}` === LAST));

    const wrong: string[] = [];
    const tally = new Map<RouteAccess, number>();
    for (const operation of ordered) {
      const name = `${operation.method} ${operation.path}`;
      for (const caller of CALLERS) {
        const request = baseRequest(operation, shop.cast.world);
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
    const answer = await shop.api.request(method, path, { token, ...(body === undefined ? {} : { body }) });
    return { status: answer.status, code: typeof answer.body === 'object' ? answer.body?.code : undefined };
  }
});
