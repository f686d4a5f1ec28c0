import { beforeAll, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describeService } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { baseRequest, hostileRequests, operationsOf } from './sweep/hostile-requests.ts';
import type { HostileRequest, Operation } from './sweep/hostile-requests.ts';
import type { SweepRole } from './sweep/sweep-world.ts';
import { settledTableCounts } from './sweep/table-counts.ts';
import { sweepFigures } from './sweep/sweep-figures.ts';
import type { SweepAnswer } from './sweep/sweep-figures.ts';
import { startSweepShop } from './sweep/sweep-shop.ts';

const ROLES: SweepRole[] = ['anonymous', 'member', 'staff', 'admin'];
const PARALLEL = 8;
/** What an answer must never show: stack frames, source paths, the database's own words. */
const LEAKS =
  /at \S+ \(|node_modules|\/work\/|file:\/\/|\.ts:\d|relation "|syntax error at|violates|duplicate key value|column "|ECONNREFUSED|kysely|pglite|argon2|password_?hash"\s*:/i;

describeService('a hostile-input sweep over every operation of /openapi.json', startSweepShop(), (shop, { storage, backend }) => {
  let operations: Operation[];

  beforeAll(async () => {
    operations = operationsOf((await shop.api.get('/openapi.json')).body);
  });

  it('starts every hostile request from a body its schema accepts, so each is refused for its own change', () => {
    const ajv = addFormats.default(new Ajv({ strict: false, allErrors: true }));
    const invalid = operations
      .filter((operation) => operation.body)
      .map((operation) => ({
        operation: `${operation.method} ${operation.path}`,
        validate: ajv.compile(operation.body!),
        base: baseRequest(operation, shop.cast.world).body,
      }))
      .filter(({ validate, base }) => !validate(base))
      .map(({ operation, validate }) => `${operation}: ${ajv.errorsText(validate.errors)}`);
    expect(invalid).toEqual([]);
  });

  it('answers every hostile request, as anonymous, member, staff and admin, with a problem and never a 5xx; nothing is written', async () => {
    const before = await settledTableCounts(storage.database);
    const requests = operations.flatMap((operation) => hostileRequests(operation, shop.cast.world));
    const answers: SweepAnswer[] = [];
    for (const role of ROLES) {
      const queue = [...requests];
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let request = queue.shift(); request; request = queue.shift()) answers.push(await send(shop.api, request, role, shop.cast.tokens[role]));
        }),
      );
    }
    const after = await settledTableCounts(storage.database);
    console.log(`\n[sweep ${backend.name}] ${operations.length} operations, ${requests.length} hostile requests per role\n${sweepFigures(answers)}\n`);

    // Each kind of failure once (operation, class, status, what went wrong), with one example.
    const broken = new Map<string, string>();
    for (const { request, role, status, problems } of answers.filter((answer) => answer.problems.length > 0)) {
      const kind = `${request.operation} [${request.hostileClass}] → ${status}: ${problems.join('; ').slice(0, 160)}`;
      if (!broken.has(kind)) broken.set(kind, `${kind} (e.g. ${role} ${request.path.slice(0, 100)} ${request.body?.slice(0, 100) ?? ''})`);
    }
    expect([...broken.values()]).toEqual([]);
    expect(after).toEqual(before);
    // About 15 s alone; a bounded loop of ~11,500 requests, given room for a busy CI machine.
  }, 240_000);
});

async function send(api: HttpClient, request: HostileRequest, role: string, token: string | undefined): Promise<SweepAnswer> {
  const options = { token, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) };
  const response = await api.request(request.method, request.path, options).catch((error: Error) => ({ error }));
  if ('error' in response) return { request, role, status: 0, problems: [`no answer: ${response.error.message}`] };
  const problems: string[] = [];
  if (response.status >= 500) problems.push('a server error');
  if (request.mustRefuse && response.status < 400) problems.push('accepted a value it must refuse');
  if (request.method !== 'GET' && response.status < 400) problems.push('a write succeeded');
  if (response.status >= 400) {
    if (!response.headers.get('content-type')?.startsWith('application/problem+json')) problems.push(`answered as ${response.headers.get('content-type')}`);
    else if (!/^[A-Z][A-Z0-9_]+$/.test(response.body?.code ?? '')) problems.push(`no stable code: ${response.body?.code}`);
    else if (response.body.status !== response.status) problems.push(`problem status ${response.body.status}`);
  }
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
  if (LEAKS.test(text)) problems.push(`leaks: ${text.slice(0, 200)}`);
  return { request, role, status: response.status, problems };
}
