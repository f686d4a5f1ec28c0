import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writePgliteTemplate } from '../src/testing/pglite-template.ts';
import { detectRealServices } from '../src/testing/real-services.ts';
import type { RealServices } from '../src/testing/real-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    realServices: RealServices;
    /** A tarball of an initialised, empty PGlite data directory, for every PGlite backend to start from. */
    pgliteTemplate: string;
  }
}

/**
 * Looks for real PostgreSQL and Redis once per run and tells every suite what it found; initialises
 * PGlite once, so each suite loads a copy instead of initialising its own. Returns the teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const templateFolder = await mkdtemp(join(tmpdir(), 'pustaka-pglite-'));
  const pgliteTemplate = join(templateFolder, 'empty.tar');
  const [real] = await Promise.all([detectRealServices(), writePgliteTemplate(pgliteTemplate)]);
  project.provide('realServices', real);
  project.provide('pgliteTemplate', pgliteTemplate);
  if (real.missing.length > 0) {
    console.warn(
      `\n[pustaka] real-service suites SKIPPED: ${real.missing.join('; ')}.\n` +
        '          Start them or set TEST_DATABASE_URL / TEST_REDIS_URL to run those suites.\n',
    );
  } else {
    console.log(`\n[pustaka] real-service suites ON: PostgreSQL, Redis and RabbitMQ reachable.\n`);
  }
  return () => rm(templateFolder, { recursive: true, force: true });
}
