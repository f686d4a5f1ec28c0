import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import {
  claimRebuild,
  findRebuild,
  findRunningRebuild,
  finishRebuild,
  isRebuildCapturing,
  recordRebuildProgress,
  startCapturing,
} from './rebuild-runs.repository.ts';

const sampleNow = new Date('2030-01-01T10:00:00.000Z');
const runId = '00000000-0000-7000-8000-0000000a0001';
const steps = [{ name: 'books', state: 'running' as const, items: 500 }];

/** One rebuild at a time: the claim against the partial unique index, and every later write conditional on still running. */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
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
