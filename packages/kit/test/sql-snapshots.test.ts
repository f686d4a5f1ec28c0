import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busMigration } from '../src/bus/bus-migration.ts';
import { appendToOutbox } from '../src/bus/outbox.ts';
import type { OutboxTable } from '../src/bus/outbox.ts';
import type { EventEnvelope } from '../src/bus/envelope.ts';
import {
  defineSqlSamples,
  describeSqlSnapshotProblems,
  findStaleSqlSnapshots,
  generateSqlSnapshots,
  openSqlCapture,
  SQL_SNAPSHOT_MARKER,
  writeSqlSnapshots,
} from '../src/sql-snapshots/index.ts';

const event: EventEnvelope = {
  id: '00000000-0000-7000-8000-00000000abcd',
  type: 'sample.happened',
  occurredAt: '2030-01-01T00:00:00.000Z',
  version: 1,
  headers: {},
  payload: {},
};

const outboxSamples = defineSqlSamples<{ outbox: OutboxTable }>({
  schema: 'snapshots',
  migrations: { '0001_bus': busMigration },
  samples: [
    { name: 'appendToOutbox', run: (db) => db.transaction().execute((trx) => appendToOutbox(trx, event)) },
    {
      name: 'readOutbox',
      run: async (db) => {
        // The row the sample before committed was rolled back with it.
        expect(await db.selectFrom('outbox').select('seq').execute()).toEqual([]);
      },
    },
  ],
});

describe('SQL snapshots', () => {
  let dir: string;
  let snapshotPath: string;
  let snapshots: Map<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sql-snapshots-'));
    snapshotPath = join(dir, 'outbox.sql');
    snapshots = await generateSqlSnapshots([{ path: join(dir, 'outbox.sql-samples.ts'), samples: outboxSamples }]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each sample under its name, with placeholders instead of values and the transaction it ran in', () => {
    expect([...snapshots.keys()]).toEqual([snapshotPath]);
    const text = snapshots.get(snapshotPath)!;
    expect(text.startsWith(`${SQL_SNAPSHOT_MARKER} from outbox.sql-samples.ts`)).toBe(true);
    expect(text).toContain(
      '-- appendToOutbox\nbegin;\n\ninsert into\n  "snapshots"."outbox" ("event_id", "type", "envelope")\nvalues\n  ($1, $2, $3::jsonb);\n\ncommit;',
    );
    expect(text).toContain('-- readOutbox\nselect\n  "seq"\nfrom\n  "snapshots"."outbox";\n');
    expect(text).not.toContain(event.id);
  });

  it('passes the check on a fresh file and fails on a stale one, naming it with a diff', async () => {
    expect((await writeSqlSnapshots(snapshots, [dir])).written).toEqual([snapshotPath]);
    expect(await findStaleSqlSnapshots(snapshots, [dir])).toEqual([]);

    await writeFile(snapshotPath, (await readFile(snapshotPath, 'utf8')).replace('commit;', 'rollback;'));
    const problems = await findStaleSqlSnapshots(snapshots, [dir]);
    expect(problems).toMatchObject([{ kind: 'stale', path: snapshotPath }]);
    const report = describeSqlSnapshotProblems(problems, dir);
    expect(report).toContain('outbox.sql is stale');
    expect(report).toMatch(/^- rollback;\n\+ commit;$/m);

    expect((await writeSqlSnapshots(snapshots, [dir])).written).toEqual([snapshotPath]);
    expect(await findStaleSqlSnapshots(snapshots, [dir])).toEqual([]);
  });

  it('fails on a missing file and on a generated file left without samples, which a sync removes', async () => {
    await rm(snapshotPath);
    const orphan = join(dir, 'nested', 'gone.sql');
    const handWritten = join(dir, 'fixture.sql');
    await mkdir(join(dir, 'nested'));
    await writeFile(orphan, `${SQL_SNAPSHOT_MARKER} from gone.sql-samples.ts: do not edit.\n`);
    await writeFile(handWritten, 'select 1;\n');

    expect(await findStaleSqlSnapshots(snapshots, [dir])).toEqual([
      { kind: 'missing', path: snapshotPath },
      { kind: 'orphaned', path: orphan },
    ]);
    expect(describeSqlSnapshotProblems(await findStaleSqlSnapshots(snapshots, [dir]), dir)).toContain('nested/gone.sql has no samples any more');

    expect(await writeSqlSnapshots(snapshots, [dir])).toEqual({ written: [snapshotPath], removed: [orphan] });
    expect(existsSync(handWritten)).toBe(true);
    expect(await findStaleSqlSnapshots(snapshots, [dir])).toEqual([]);
  });

  it('refuses samples that leave a function of their module out', async () => {
    const sampled = { appendToOutbox, reserveEverything: async () => {}, OUTBOX: 'not a function' };
    await expect(generateSqlSnapshots([{ path: join(dir, 'outbox.sql-samples.ts'), samples: outboxSamples, sampled }])).rejects.toThrow(
      'outbox.sql-samples.ts: outbox.ts exports reserveEverything without a sample',
    );
  });

  it('refuses a sample that fails or sends no SQL, naming it', async () => {
    const capture = await openSqlCapture();
    try {
      const broken = (run: () => Promise<unknown>) => ({ ...outboxSamples, samples: [{ name: 'broken', run }] });
      await expect(
        capture.capture(
          broken(async () => {}),
          'x.sql-samples.ts',
        ),
      ).rejects.toThrow('x.sql-samples.ts: sample "broken" sent no SQL');
      await expect(
        capture.capture(
          broken(async () => Promise.reject(new Error('boom'))),
          'x.sql-samples.ts',
        ),
      ).rejects.toThrow('x.sql-samples.ts: sample "broken" failed');
    } finally {
      await capture.close();
    }
  });
});
