import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const contracts = fileURLToPath(new URL('..', import.meta.url));
const root = join(contracts, '../..');
const bin = join(root, 'node_modules/.bin');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the code generated from the .proto files', () => {
  const gen = join(contracts, 'src/gen');

  it('declares no TypeScript enum, which Node type stripping rejects', () => {
    const files = filesUnder(gen);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(join(gen, file), 'utf8'), file).not.toMatch(/^\s*(export\s+)?(declare\s+)?(const\s+)?enum\s/m);
    }
  });

  it('runs under plain node, without a build step', () => {
    const script = [
      "import { create, toBinary, fromBinary } from '@bufbuild/protobuf';",
      "import { Inventory, ReserveRequestSchema } from '@pustaka/contracts/catalog/v1';",
      "import { Identity } from '@pustaka/contracts/identity/v1';",
      "const request = create(ReserveRequestSchema, { orderId: 'o-1', items: [{ bookId: 'b-1', quantity: 2 }] });",
      'const back = fromBinary(ReserveRequestSchema, toBinary(ReserveRequestSchema, request));',
      'console.log(JSON.stringify([back.items[0].quantity, Inventory.typeName, Identity.typeName]));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([2, 'pustaka.catalog.v1.Inventory', 'pustaka.identity.v1.Identity']);
  });

  it('is what the committed .proto files produce (npm run gen leaves nothing to commit)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pustaka-gen-'));
    try {
      execFileSync(join(bin, 'buf'), ['generate', '-o', out], {
        cwd: contracts,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        stdio: 'pipe',
      });
      const fresh = join(out, 'src/gen');
      expect(filesUnder(fresh)).toEqual(filesUnder(gen));
      for (const file of filesUnder(gen)) {
        expect(readFileSync(join(fresh, file), 'utf8'), `${file} is stale: run npm run gen`).toBe(readFileSync(join(gen, file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
