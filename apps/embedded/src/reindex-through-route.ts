import { setTimeout as sleep } from 'node:timers/promises';
import type { StepProgress } from './reindex-progress.ts';

/** A run as `GET /api/search/reindex/:id` (or another rebuild route's) shows it. */
export interface RemoteRun {
  id: string;
  state: 'running' | 'succeeded' | 'failed';
  steps: StepProgress[];
  error: string | null;
}

/**
 * Rebuilds a read model of a running platform (embedded or cluster) through its admin route
 * (`route`, discovery's `/api/search/reindex` unless told):
 * signs in as the admin, starts a rebuild (or follows the one running already) and polls it until
 * it ends, reporting each poll. Resolves with the run as it ended.
 *
 * @example
 *   const run = await reindexThroughRoute('http://localhost:8080', { email, password }, { onRun: (run) => progress.update(run.steps) });
 */
export async function reindexThroughRoute(
  base: string,
  admin: { email: string; password: string },
  options: { route?: string; onRun?: (run: RemoteRun, followed: boolean) => void; pollMs?: number } = {},
): Promise<RemoteRun> {
  const url = (path: string) => new URL(path, base).toString();
  const signIn = await fetch(url('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (signIn.status !== 200) throw new Error(`Could not sign in as ${admin.email} at ${base}: ${signIn.status} ${await problemOf(signIn)}`);
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };

  const route = options.route ?? '/api/search/reindex';
  const started = await fetch(url(route), { method: 'POST', headers });
  let runId: string;
  let followed = false;
  if (started.status === 202) runId = ((await started.json()) as RemoteRun).id;
  else if (started.status === 409) {
    runId = ((await started.json()) as { runId: string }).runId;
    followed = true;
  } else throw new Error(`Could not start a rebuild: ${started.status} ${await problemOf(started)}`);

  for (;;) {
    const answer = await fetch(url(`${route}/${runId}`), { headers });
    if (answer.status !== 200) throw new Error(`Could not follow the rebuild ${runId}: ${answer.status} ${await problemOf(answer)}`);
    const run = (await answer.json()) as RemoteRun;
    options.onRun?.(run, followed);
    if (run.state !== 'running') return run;
    await sleep(options.pollMs ?? 500);
  }
}

async function problemOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
  return [body.code, body.detail].filter(Boolean).join(': ');
}
