import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import type { Logger } from '@pustaka/kit/log';

/** The web app's folder: its sources, and `.output/` where Nuxt writes the build. */
export const WEB_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const WEB_OUTPUT = join(WEB_ROOT, '.output');
const STAMP = join(WEB_OUTPUT, 'pustaka-build.json');
/**
 * What a build is made of: a change to any of these makes the next start build again. The app's
 * own sources, the workspace package it bundles (the live client), and the installed Nuxt (an
 * upgrade builds again).
 */
const resolveModule = createRequire(import.meta.url).resolve;
const SOURCES = [
  ...['app', 'public', 'nuxt.config.ts', 'package.json'].map((source) => join(WEB_ROOT, source)),
  dirname(resolveModule('@pustaka/live-client')),
  resolveModule('nuxt/package.json'),
];

/**
 * Builds the web app when its build is missing or older than its sources, once: `npm start` on a
 * fresh clone builds it (about half a minute on two cores), later starts only hash the sources
 * (a few milliseconds). Several processes starting at once (a test run, the cluster) wait on one
 * lock, and those that waited find the build done.
 */
export async function ensureWebBuild(logger: Logger): Promise<void> {
  const wanted = await sourceDigest();
  if ((await builtDigest()) === wanted) return;
  const release = await lockfile.lock(WEB_ROOT, {
    lockfilePath: join(WEB_ROOT, '.build.lock'),
    stale: 120_000,
    retries: { retries: 600, minTimeout: 200, maxTimeout: 500 },
  });
  try {
    if ((await builtDigest()) === wanted) return;
    const started = performance.now();
    logger.info('Building the web app (once, after a change to apps/web; about half a minute)');
    await runNuxtBuild(logger);
    await writeFile(STAMP, JSON.stringify({ digest: wanted, builtAt: new Date().toISOString() }));
    logger.info({ seconds: Math.round((performance.now() - started) / 100) / 10 }, 'Built the web app');
  } finally {
    await release();
  }
}

async function builtDigest(): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(STAMP, 'utf8')) as { digest: string }).digest;
  } catch {
    return null;
  }
}

/** A digest of every source file's path, size and content. */
async function sourceDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of await filesUnder(source)) {
      hash
        .update(relative(WEB_ROOT, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** `nuxt build` in a child process on this Node, its output in the log at debug level. */
function runNuxtBuild(logger: Logger): Promise<void> {
  const nuxt = join(dirname(resolveModule('nuxt/package.json')), 'bin', 'nuxt.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nuxt, 'build'], {
      cwd: WEB_ROOT,
      env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        logger.debug({ nuxt: line }, 'web build');
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nuxt build failed (exit ${code}):\n${tail.join('\n')}`))));
  });
}
