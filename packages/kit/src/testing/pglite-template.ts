import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

/**
 * Initialises one empty PGlite database and writes its data directory to `path` (an uncompressed
 * tarball, as `dumpDataDir` makes it), for every test file of a run to start from: initialising
 * takes seconds, loading the copy about one. Nothing in it is a service's: each suite still
 * migrates its own schemas.
 *
 * @example
 *   await writePgliteTemplate(join(tmpdir(), 'pglite-template.tar'));
 */
export async function writePgliteTemplate(path: string): Promise<void> {
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('none');
    await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/**
 * The data directory `writePgliteTemplate` wrote, read once per test file, to pass to
 * `openDatabase({ loadDataDir })`.
 *
 * @example
 *   const database = await openDatabase({ loadDataDir: await readPgliteTemplate(path) });
 */
export function readPgliteTemplate(path: string): Promise<Blob> {
  let template = templates.get(path);
  if (!template) {
    template = readFile(path).then((bytes) => new Blob([bytes]));
    templates.set(path, template);
  }
  return template;
}

const templates = new Map<string, Promise<Blob>>();
