import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { testBackends } from '../src/testing/backends.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { describeService } from '../src/testing/describe-service.ts';

const happened: string[] = [];

/** A stand-in service: it remembers the storage it was started over and says when it is closed. */
async function startRecorder(storage: TestStorage) {
  happened.push(`start on ${storage.database.kind}`);
  return {
    storage,
    greeting: 'started',
    close: async () => {
      happened.push(`close on ${storage.database.kind}`);
    },
  };
}

describeService('describeService', startRecorder, (recorder, { storage, backend }) => {
  let readTooEarly: unknown;
  try {
    readTooEarly = recorder.greeting;
  } catch (error) {
    readTooEarly = error;
  }
  let seenInBeforeAll = '';
  beforeAll(() => {
    seenInBeforeAll = recorder.greeting;
  });

  it('refuses to be read before the suite has started, saying so', () => {
    expect(readTooEarly).toBeInstanceOf(Error);
    expect((readTooEarly as Error).message).toMatch(/used before the suite started/);
  });

  it("hands the body what start returned, over the backend's storage, from the first hook on", async () => {
    expect(seenInBeforeAll).toBe('started');
    expect(recorder.storage.database).toBe(storage.database);
    expect(storage.database.kind).toBe(backend.name.startsWith('pglite') ? 'pglite' : 'postgres');
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(storage.database.root);
    expect(rows[0]!.answer).toBe(42);
  });
});

describe('after the describeService suites', () => {
  it('started each reachable backend once and closed what it started after its tests', () => {
    const reachable = testBackends(inject('realServices')).filter((backend) => backend.unavailable === undefined);
    const kinds = reachable.map((backend) => (backend.name.startsWith('pglite') ? 'pglite' : 'postgres'));
    expect(happened).toEqual(kinds.flatMap((kind) => [`start on ${kind}`, `close on ${kind}`]));
  });
});
