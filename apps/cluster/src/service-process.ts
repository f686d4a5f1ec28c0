import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProcessName, ProcessSpec } from './cluster-plan.ts';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: ProcessName;
  pid: number | undefined;
  /** Resolves once the process is gone, however it ended. */
  exited: Promise<ProcessExit>;
  /** Its last lines of output, for saying why it died. */
  lastLines(): string[];
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs: number): Promise<ProcessExit>;
  kill(signal: NodeJS.Signals): void;
}

const KEPT_LINES = 30;

/**
 * Runs a service's `main.ts` as its own `node` process (the Node running this one, so the
 * project's Node 24), with the parent's environment plus the spec's, and hands on every line it prints.
 *
 * @example
 *   const identity = startServiceProcess(spec, (name, line) => console.log(`${name} | ${line}`));
 *   await identity.stop(10_000);
 */
export function startServiceProcess(spec: ProcessSpec, onLine: (service: ProcessName, line: string) => void): ServiceProcess {
  // `--cpu-prof` cannot go through NODE_OPTIONS; this is how a bench or `npm run cluster` profiles
  // every service (one .cpuprofile per process, written when it stops).
  const profileDir = process.env.CLUSTER_CPU_PROFILE_DIR;
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), spec.script], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C at the terminal reaches only the launcher, which then sends one
    // SIGTERM. A second signal makes a service skip its graceful shutdown, so it must not get two.
    detached: true,
  });
  const recent: string[] = [];
  const take = (line: string) => {
    recent.push(line);
    if (recent.length > KEPT_LINES) recent.shift();
    onLine(spec.name, line);
  };
  createInterface({ input: child.stdout }).on('line', take);
  createInterface({ input: child.stderr }).on('line', take);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // Could not be started at all (no such file, no permission): as good as dead.
    child.once('error', (error) => {
      take(`could not start: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  return {
    name: spec.name,
    pid: child.pid,
    exited,
    lastLines: () => [...recent],
    kill: (signal) => {
      if (!gone) child.kill(signal);
    },
    stop: async (graceMs) => {
      if (gone) return exited;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        take(`still running ${graceMs} ms after SIGTERM: killing it`);
        child.kill('SIGKILL');
      }
      return exited;
    },
  };
}
