import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildServer {
  url: string;
  /** Its process id, for measuring its CPU. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  port: number;
  readyPath?: string;
  /** How long it may take to answer `readyPath` (default two minutes: a server that fills itself first needs longer). */
  readyTimeoutMs?: number;
  /** Each line the server prints on stdout (otherwise ignored), e.g. figures it measured itself. */
  onLine?: (line: string) => void;
}

/**
 * Starts a server script in its own process (so it has its own core and event loop, as in
 * production) and waits until it answers `readyPath`.
 */
export async function startChildServer(script: string, env: Record<string, string>, options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(options.port) },
    stdio: ['ignore', options.onLine ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  if (options.onLine) createInterface({ input: child.stdout! }).on('line', options.onLine);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited early (${child.exitCode}):\n${stderr}`);
    const ok = await fetch(url + (options.readyPath ?? '/healthz')).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, pid: child.pid, stop: () => stop(child) };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop(child);
  throw new Error(`${script} did not become ready:\n${stderr}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}
