import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const K8S_DIR = join(import.meta.dirname, '..', 'k8s');
const run = promisify(execFile);
/** The kubectl to build with: KUBECTL when set (another install of it), else the one on PATH. */
const KUBECTL = process.env.KUBECTL || 'kubectl';

/** A Kubernetes object as `kubectl kustomize` prints it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

/** The overlays under deploy/k8s/overlays, by folder name. */
export function overlays(): string[] {
  return readdirSync(join(K8S_DIR, 'overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Why `kubectl kustomize` cannot build the overlays here, or undefined when it can. */
export function kubectlMissing(): string | undefined {
  const probe = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${KUBECTL} is not installed (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status !== 0) return `${KUBECTL} version --client failed: ${probe.stderr.trim()}`;
  // The overlays use kustomize v5's fields (labels, patches with a target, replicas, envs); an older
  // one (Debian's kubectl 1.20 has v2) fails on them with a parse error that does not say so.
  const kustomize = /Kustomize Version: v(\d+)/.exec(probe.stdout);
  if (!kustomize || Number(kustomize[1]) < 5) return `${KUBECTL} has no kustomize v5 (${probe.stdout.split('\n')[0]?.trim()})`;
  return undefined;
}

/**
 * Every overlay as `kubectl kustomize` builds it, the way an operator does: from a copy of
 * deploy/k8s in which each overlay's secrets.env is its secrets.env.example (the real one is never
 * committed).
 */
export async function buildOverlays(): Promise<Map<string, K8sObject[]>> {
  const copy = mkdtempSync(join(tmpdir(), 'pustaka-k8s-'));
  try {
    cpSync(K8S_DIR, copy, { recursive: true });
    const built = new Map<string, K8sObject[]>();
    for (const overlay of overlays()) {
      const folder = join(copy, 'overlays', overlay);
      cpSync(join(folder, 'secrets.env.example'), join(folder, 'secrets.env'));
      const { stdout } = await run(KUBECTL, ['kustomize', folder], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
      built.set(
        overlay,
        parseAllDocuments(stdout).map((document) => withBase64OnOneLine(document.toJS() as K8sObject)),
      );
    }
    return built;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * kustomize folds a long Secret value over several lines; the API server's base64 decoder skips the
 * line breaks, the schema's `byte` format does not, so they are joined here as the server reads them.
 */
function withBase64OnOneLine(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  return { ...object, data: Object.fromEntries(Object.entries(object.data as Record<string, string>).map(([key, value]) => [key, value.replace(/\s+/g, '')])) };
}

/** Whether every label a selector asks for is on these labels (an empty selector takes all). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}
