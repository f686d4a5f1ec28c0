import { glob, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { openSqlCapture } from './capture-sql.ts';
import { shortDiff } from './line-diff.ts';
import { renderSqlSnapshot, SQL_SNAPSHOT_MARKER } from './render-sql-snapshot.ts';
import type { SqlSamples } from './sql-samples.ts';

const SAMPLES_SUFFIX = '.sql-samples.ts';

/** A samples file and its default export. */
export interface SqlSamplesFile {
  path: string;
  samples: SqlSamples;
  /**
   * The exports of the module the samples are for (`x.ts` beside `x.sql-samples.ts`), when there
   * is one: every function it exports needs a sample whose name starts with the function's, so a
   * new repository function cannot stay out of the snapshot unnoticed.
   */
  sampled?: Record<string, unknown>;
}

/** Why a committed snapshot does not match its samples. */
export type SqlSnapshotProblem = { kind: 'stale'; path: string; diff: string } | { kind: 'missing'; path: string } | { kind: 'orphaned'; path: string };

/** Where the snapshot of a samples file goes: `x.repository.sql-samples.ts` → `x.repository.sql`. */
export function sqlSnapshotPath(samplesPath: string): string {
  if (!samplesPath.endsWith(SAMPLES_SUFFIX)) throw new Error(`${samplesPath} is not a ${SAMPLES_SUFFIX} file`);
  return `${samplesPath.slice(0, -SAMPLES_SUFFIX.length)}.sql`;
}

/** The module a samples file is for: `x.repository.sql-samples.ts` → `x.repository.ts`. */
export function sampledModulePath(samplesPath: string): string {
  return `${sqlSnapshotPath(samplesPath).slice(0, -'.sql'.length)}.ts`;
}

/**
 * Every `*.sql-samples.ts` under `dirs` (not in `node_modules`), sorted.
 *
 * @example
 *   const paths = await findSqlSamplesFiles([join(root, 'services'), join(root, 'packages')]);
 */
export async function findSqlSamplesFiles(dirs: string[]): Promise<string[]> {
  return findUnder(dirs, `**/*${SAMPLES_SUFFIX}`);
}

/**
 * Runs every sample and renders each file's snapshot, keyed by the `.sql` path it belongs at.
 *
 * @example
 *   const snapshots = await generateSqlSnapshots([{ path, samples: (await import(path)).default }]);
 */
export async function generateSqlSnapshots(files: SqlSamplesFile[]): Promise<Map<string, string>> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of sorted) {
    const unsampled = unsampledFunctions(file);
    if (unsampled.length > 0) {
      throw new Error(
        `${basename(file.path)}: ${basename(sampledModulePath(file.path))} exports ${unsampled.join(', ')} without a sample; add one named after each`,
      );
    }
  }
  const capture = await openSqlCapture();
  try {
    const snapshots = new Map<string, string>();
    for (const file of sorted) {
      const name = basename(file.path);
      snapshots.set(sqlSnapshotPath(file.path), renderSqlSnapshot(name, await capture.capture(file.samples, name)));
    }
    return snapshots;
  } finally {
    await capture.close();
  }
}

/**
 * Compares `snapshots` with the files on disk: each must exist with the same text, and every
 * generated `.sql` under `dirs` must still have samples.
 *
 * @example
 *   const problems = await findStaleSqlSnapshots(snapshots, dirs);
 *   if (problems.length > 0) console.error(describeSqlSnapshotProblems(problems, root));
 */
export async function findStaleSqlSnapshots(snapshots: Map<string, string>, dirs: string[]): Promise<SqlSnapshotProblem[]> {
  const problems: SqlSnapshotProblem[] = [];
  for (const [path, text] of snapshots) {
    const committed = await readIfExists(path);
    if (committed === undefined) problems.push({ kind: 'missing', path });
    else if (committed !== text) problems.push({ kind: 'stale', path, diff: shortDiff(committed, text) });
  }
  for (const path of await findOrphans(snapshots, dirs)) problems.push({ kind: 'orphaned', path });
  return problems;
}

/**
 * Writes the snapshots that changed and removes generated files whose samples are gone; the
 * paths written and removed.
 *
 * @example
 *   const { written, removed } = await writeSqlSnapshots(snapshots, dirs);
 */
export async function writeSqlSnapshots(snapshots: Map<string, string>, dirs: string[]): Promise<{ written: string[]; removed: string[] }> {
  const written: string[] = [];
  for (const [path, text] of snapshots) {
    if ((await readIfExists(path)) === text) continue;
    await writeFile(path, text);
    written.push(path);
  }
  const removed = await findOrphans(snapshots, dirs);
  for (const path of removed) await rm(path);
  return { written, removed };
}

/**
 * What `sql:check` prints: each problem with its path relative to `rootDir`, and a diff from the
 * committed file to what the code sends now.
 */
export function describeSqlSnapshotProblems(problems: SqlSnapshotProblem[], rootDir: string): string {
  const lines = problems.map((problem) => {
    const path = relative(rootDir, problem.path);
    switch (problem.kind) {
      case 'stale':
        return `${path} is stale (- committed, + generated now):\n${problem.diff}`;
      case 'missing':
        return `${path} is missing`;
      case 'orphaned':
        return `${path} has no samples any more (its ${SAMPLES_SUFFIX} file is gone)`;
    }
  });
  return [...lines, 'Run `npm run sql:sync` and commit the .sql files, after reading what changed.'].join('\n\n');
}

function unsampledFunctions({ samples, sampled = {} }: SqlSamplesFile): string[] {
  // A sample's name is the function it calls, then optionally the case: `countTakenPlaces, one member`.
  const named = new Set(samples.samples.map((sample) => /^[\w$]+/.exec(sample.name)?.[0]));
  return Object.entries(sampled)
    .filter(([name, value]) => typeof value === 'function' && !named.has(name))
    .map(([name]) => name)
    .sort();
}

/** Generated `.sql` files under `dirs` that no samples file produces. */
async function findOrphans(snapshots: Map<string, string>, dirs: string[]): Promise<string[]> {
  const orphans: string[] = [];
  for (const path of await findUnder(dirs, '**/*.sql')) {
    if (snapshots.has(path)) continue;
    // Only files this tool wrote: any other .sql (a fixture, a hand-written script) is not ours.
    if ((await readFile(path, 'utf8')).startsWith(SQL_SNAPSHOT_MARKER)) orphans.push(path);
  }
  return orphans;
}

async function findUnder(dirs: string[], pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    for await (const path of glob(pattern, { cwd: dir, exclude: (name) => basename(name) === 'node_modules' })) found.push(join(dir, path));
  }
  return found.sort();
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
