import { defineSqlSamples } from '../sql-snapshots/sql-samples.ts';
import { rebuildSampleSchema, sampleNow } from './rebuild.sql-fixtures.ts';
import { claimRebuild, findRebuild, findRunningRebuild, finishRebuild, isRebuildCapturing, recordRebuildProgress, startCapturing } from './rebuild-runs.ts';
import type { RebuildsTables } from './rebuild-runs.ts';

const runId = '00000000-0000-7000-8000-0000000a0001';
const steps = [{ name: 'books', state: 'running' as const, items: 500 }];

/** One rebuild at a time: the claim against the partial unique index, and every later write conditional on still running. */
export default defineSqlSamples<RebuildsTables>({
  ...rebuildSampleSchema,
  samples: [
    { name: 'claimRebuild', run: (db) => claimRebuild(db, { id: runId, steps, at: sampleNow }) },
    { name: 'findRebuild', run: (db) => findRebuild(db, runId) },
    { name: 'findRunningRebuild', run: (db) => findRunningRebuild(db) },
    { name: 'isRebuildCapturing', run: (db) => isRebuildCapturing(db) },
    { name: 'startCapturing', run: (db) => startCapturing(db, runId, sampleNow) },
    { name: 'recordRebuildProgress', run: (db) => recordRebuildProgress(db, runId, steps, sampleNow) },
    { name: 'finishRebuild', run: (db) => finishRebuild(db, runId, { state: 'succeeded', error: null, steps }, sampleNow) },
  ],
});
