import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/slow-server.ts', import.meta.url));

function start(): Promise<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    });
    child.once('exit', () => reject(new Error(`server exited early:\n${output}`)));
  });
}

describe('graceful shutdown', () => {
  it('finishes a request in flight during SIGTERM, refuses new ones, closes pools, exits 0', async () => {
    const server = await start();
    const inFlight = fetch(`${server.url}/slow`).then(async (response) => ({ status: response.status, body: await response.json() }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${server.url}/healthz`).then(
      (response) => response.status,
      () => 'refused',
    );

    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    expect(late === 'refused' || late === 503).toBe(true);
    expect(await server.exited).toBe(0);
    const log = server.output();
    expect(log.indexOf('POOLS CLOSED')).toBeGreaterThan(log.indexOf('shutting down'));
  });

  it('logs an uncaught exception and exits non-zero instead of lingering half-alive', async () => {
    const server = await start();
    await fetch(`${server.url}/crash`);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('boom outside any request');
    expect(server.output()).toContain('POOLS CLOSED');
  });
});
