// Writes the SQL that the repositories with samples send to `.sql` files next to them
// (`npm run sql:sync`), or fails when a committed file is stale (`npm run sql:check`, run by CI),
// so a change to locking, lock order or `on conflict` shows in review as SQL.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  describeSqlSnapshotProblems,
  findSqlSamplesFiles,
  findStaleSqlSnapshots,
  generateSqlSnapshots,
  sampledModulePath,
  writeSqlSnapshots,
} from '@pustaka/kit/sql-snapshots';
import type { SqlSamples, SqlSamplesFile } from '@pustaka/kit/sql-snapshots';

const root = fileURLToPath(new URL('..', import.meta.url));
const dirs = ['packages', 'services', 'apps'].map((dir) => join(root, dir));
const check = process.argv.includes('--check');

const files = await Promise.all((await findSqlSamplesFiles(dirs)).map(loadSamplesFile));
const snapshots = await generateSqlSnapshots(files);

if (check) {
  const problems = await findStaleSqlSnapshots(snapshots, dirs);
  if (problems.length > 0) {
    console.error(describeSqlSnapshotProblems(problems, root));
    process.exitCode = 1;
  } else {
    console.log(`sql:check: ${snapshots.size} SQL snapshots match their samples`);
  }
} else {
  const { written, removed } = await writeSqlSnapshots(snapshots, dirs);
  for (const path of written) console.log(`wrote ${relative(root, path)}`);
  for (const path of removed) console.log(`removed ${relative(root, path)} (no samples)`);
  console.log(`sql:sync: ${snapshots.size} SQL snapshots, ${written.length} written, ${removed.length} removed`);
}

async function loadSamplesFile(path: string): Promise<SqlSamplesFile> {
  const samples = ((await import(pathToFileURL(path).href)) as { default?: SqlSamples }).default;
  if (!Array.isArray(samples?.samples)) throw new Error(`${path} must export its defineSqlSamples(...) as default`);
  const modulePath = sampledModulePath(path);
  const sampled = existsSync(modulePath) ? ((await import(pathToFileURL(modulePath).href)) as Record<string, unknown>) : undefined;
  return { path, samples, sampled };
}
