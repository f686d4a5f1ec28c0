import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who may import whom, as oxlint overrides of `no-restricted-imports`, derived from the folders so a
 * new service, package or app is covered without editing anything here:
 *
 * - a service never imports another service or an app (by package name or by relative path);
 * - its tests may use another one only through its public entries (`@pustaka/<name>`, `/testing`,
 *   `/config`, `/service`), never its internals;
 * - packages never import a service or an app, and `packages/contracts` not even the kit;
 * - a relative import never leaves its own workspace folder: another workspace is reached by name.
 *
 * oxlint applies the last override that sets a rule and replaces its options, so every override
 * carries the whole list for the files it matches: one override per folder depth (the depth says how
 * many `../` leave the workspace), the tests' ones after the rest.
 */

interface Workspace {
  kind: 'services' | 'packages' | 'apps';
  folder: string;
  packageName: string;
  depth: number;
}

type Pattern = { group: string[]; message: string } | { regex: string; message: string };

export interface ImportsOverride {
  files: string[];
  rules: { 'no-restricted-imports': ['error', { patterns: Pattern[] }] };
}

const TEST_ENTRIES = ['testing', 'config', 'service'];
// What each package may not import beyond services and apps: contracts are the bottom layer.
const PACKAGE_FORBIDS: Record<string, string[]> = { contracts: ['kit'] };
const SKIPPED_FOLDERS = new Set(['node_modules', 'data']);

const SERVICE_MESSAGE =
  'A service never imports another service or an app: it talks to them through gRPC contracts and events, and only apps/ compose services.';
const PACKAGE_MESSAGE = 'packages/ are what services stand on: they never import a service or an app (and contracts import not even the kit).';
const TEST_MESSAGE = `A service's tests use another service or app only through its public entries (the package itself, ${TEST_ENTRIES.map((entry) => `/${entry}`).join(', ')}).`;
const RELATIVE_MESSAGE = 'A relative import stays inside its own workspace folder; reach another service, package or app by its package name.';

export function importBoundaries(root: string): ImportsOverride[] {
  const workspaces = (['services', 'packages', 'apps'] as const).flatMap((kind) => workspacesIn(root, kind));
  const byKind = (kind: Workspace['kind']) => workspaces.filter((each) => each.kind === kind);
  const namesOf = (list: Workspace[]) => list.map((each) => each.packageName);
  return workspaces.flatMap((workspace) => {
    const others = workspaces.filter((each) => each !== workspace);
    if (workspace.kind === 'services') {
      const composers = others.filter((each) => each.kind !== 'packages');
      return [...depths(workspace, '', [forbidAll(namesOf(composers), SERVICE_MESSAGE)]), ...depths(workspace, 'test/', [forbidInternals(namesOf(composers))])];
    }
    if (workspace.kind === 'packages') {
      const lower = (PACKAGE_FORBIDS[workspace.folder.split('/')[1]!] ?? []).map((folder) => packageNameOf(root, `packages/${folder}`));
      const forbidden = [...namesOf(byKind('services')), ...namesOf(byKind('apps')), ...lower];
      return depths(workspace, '', [forbidAll(forbidden, PACKAGE_MESSAGE)]);
    }
    return depths(workspace, '', []);
  });
}

function forbidAll(names: string[], message: string): Pattern {
  return { group: names.flatMap((name) => [name, `${name}/**`]), message };
}

function forbidInternals(names: string[]): Pattern {
  return { group: names.flatMap((name) => [`${name}/**`, ...TEST_ENTRIES.map((entry) => `!${name}/${entry}`)]), message: TEST_MESSAGE };
}

/**
 * One override per folder depth under `workspace.folder/below`, each also forbidding the relative
 * imports that climb out of the workspace from that depth. The deepest one takes every file below it
 * too, so a file never goes unchecked (at worst it is held to a stricter depth).
 */
function depths(workspace: Workspace, below: string, patterns: Pattern[]): ImportsOverride[] {
  const first = below === '' ? 0 : 1;
  const active = patterns.filter((pattern) => !('group' in pattern) || pattern.group.length > 0);
  const overrides: ImportsOverride[] = [];
  for (let depth = first; depth <= Math.max(first, workspace.depth); depth += 1) {
    const last = depth >= workspace.depth ? '**' : '*';
    const files = `${workspace.folder}/${below}${'*/'.repeat(depth - first)}${last}`;
    const leaving = { regex: `^(\\./)?(\\.\\./){${depth + 1}}`, message: RELATIVE_MESSAGE };
    overrides.push({ files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [...active, leaving] }] } });
  }
  return overrides;
}

function workspacesIn(root: string, kind: Workspace['kind']): Workspace[] {
  if (!existsSync(join(root, kind))) return [];
  return readdirSync(join(root, kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const folder = `${kind}/${entry.name}`;
      return { kind, folder, packageName: packageNameOf(root, folder), depth: deepestFolder(join(root, folder)) };
    });
}

/** The name in the folder's package.json; a service still without one is `@pustaka/<folder>`. */
function packageNameOf(root: string, folder: string): string {
  const manifest = join(root, folder, 'package.json');
  if (!existsSync(manifest)) return `@pustaka/${folder.split('/')[1]}`;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name;
}

/** How many folders deep the deepest file below `folder` sits (0: files directly in it). */
function deepestFolder(folder: string): number {
  const children = readdirSync(folder, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name),
  );
  return children.reduce((deepest, child) => Math.max(deepest, 1 + deepestFolder(join(folder, child.name))), 0);
}
