import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBoundaries } from '../import-boundaries.ts';

const OXLINT = join(import.meta.dirname, '..', '..', 'node_modules', 'oxlint', 'dist', 'cli.js');

/** A tiny repository: two services (one new, without a package.json yet), the kit, contracts and an app. */
const FILES: Record<string, string> = {
  'services/shelves/package.json': JSON.stringify({ name: '@pustaka/shelves' }),
  'services/shelves/src/racks/racks.service.ts': [
    "import { reserve } from '@pustaka/gifts';", // another service
    "import { plan } from '@pustaka/cluster/plan';", // an app
    "import { internal } from '../../../gifts/src/internal.ts';", // another service, by path
    "import { ok } from '@pustaka/kit/http';", // the kit: fine
    "import { own } from '../own.ts';", // its own folder: fine
    'export const all = [reserve, plan, internal, ok, own];',
  ].join('\n'),
  'services/shelves/test/racks.test.ts': [
    "import { newGift } from '@pustaka/gifts/testing';", // a public test entry: fine
    "import { giftsService } from '@pustaka/gifts';", // the package itself: fine
    "import { secret } from '@pustaka/gifts/src/secret.ts';", // internals
    'export const all = [newGift, giftsService, secret];',
  ].join('\n'),
  'services/gifts/src/gifts.ts': "import { racks } from '@pustaka/shelves/service';\nexport const all = [racks];",
  'packages/kit/package.json': JSON.stringify({ name: '@pustaka/kit' }),
  'packages/kit/src/http/index.ts': "import { shelves } from '@pustaka/shelves';\nexport const all = [shelves];",
  'packages/contracts/package.json': JSON.stringify({ name: '@pustaka/contracts' }),
  'packages/contracts/src/index.ts': "import { AppError } from '@pustaka/kit/errors';\nexport const all = [AppError];",
  'apps/cluster/package.json': JSON.stringify({ name: '@pustaka/cluster' }),
  'apps/cluster/src/plan.ts':
    "import shelves from '@pustaka/shelves/service';\nimport { gifts } from '../../../services/gifts/src/gifts.ts';\nexport const all = [shelves, gifts];",
};

interface Finding {
  file: string;
  source: string;
}

describe('the import boundaries the linter enforces', () => {
  let root: string;
  let findings: Finding[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pustaka-boundaries-'));
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const config = { plugins: ['eslint'], categories: {}, rules: {}, overrides: importBoundaries(root) };
    writeFileSync(join(root, '.oxlintrc.json'), JSON.stringify(config));
    const run = await promisify(execFile)(process.execPath, [OXLINT, '-c', '.oxlintrc.json', '--format', 'json', '.'], { cwd: root }).catch(
      (error: { stdout: string }) => error,
    );
    const report = JSON.parse(run.stdout) as {
      diagnostics: Array<{ filename: string; code: string; labels: Array<{ span: { offset: number; length: number } }> }>;
    };
    findings = report.diagnostics
      .filter((diagnostic) => diagnostic.code.includes('no-restricted-imports'))
      .map((diagnostic) => {
        const file = diagnostic.filename.replace(/^\.\//, '');
        const { offset, length } = diagnostic.labels[0]!.span;
        return { file, source: FILES[file]!.slice(offset, offset + length) };
      });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const flagged = (file: string) =>
    findings
      .filter((finding) => finding.file === file)
      .map((finding) => finding.source)
      .join('\n');

  it('keeps a service from importing another service or an app, by name or by path, and a new service is covered too', () => {
    const racks = flagged('services/shelves/src/racks/racks.service.ts');
    expect(racks).toContain('@pustaka/gifts');
    expect(racks).toContain('@pustaka/cluster/plan');
    expect(racks).toContain('../../../gifts/src/internal.ts');
    expect(racks).not.toContain('@pustaka/kit/http');
    expect(racks).not.toContain('../own.ts');
    expect(flagged('services/gifts/src/gifts.ts')).toContain('@pustaka/shelves/service');
  });

  it("lets a service's tests use another service only through its public entries", () => {
    const test = flagged('services/shelves/test/racks.test.ts');
    expect(test).toContain('@pustaka/gifts/src/secret.ts');
    expect(test).not.toContain('@pustaka/gifts/testing');
    expect(test).not.toMatch(/'@pustaka\/gifts'/);
  });

  it('keeps the kit from importing services, contracts from importing the kit, and apps inside their folder', () => {
    expect(flagged('packages/kit/src/http/index.ts')).toContain('@pustaka/shelves');
    expect(flagged('packages/contracts/src/index.ts')).toContain('@pustaka/kit/errors');
    const plan = flagged('apps/cluster/src/plan.ts');
    expect(plan).toContain('../../../services/gifts/src/gifts.ts');
    expect(plan).not.toContain('@pustaka/shelves/service');
  });
});
