import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/log-lines.ts', import.meta.url));

/**
 * Runs the fixture; the lines on its stdout `afterMs` after it said it had logged them (or once it
 * exited), and whether it had exited by then.
 */
function run(how: string, afterMs: number): Promise<{ lines: Record<string, unknown>[]; exited: boolean }> {
  const child = spawn(process.execPath, [fixture, how], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const done = () => {
      child.kill('SIGKILL');
      resolve({
        lines: output
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
        exited,
      });
    };
    child.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('logged')) setTimeout(done, afterMs);
    });
    child.once('exit', () => {
      exited = true;
    });
    child.once('error', reject);
  });
}

describe('the process logger on stdout (buffered)', () => {
  it('writes every line before the process exits, by process.exit or by an uncaught exception', async () => {
    for (const how of ['exit', 'crash']) {
      const { lines, exited } = await run(how, 1_500);
      expect(exited).toBe(true);
      expect(lines.filter((line) => line.msg === 'line').map((line) => line.n)).toEqual([1, 2, 3]);
    }
  });

  it('writes an error line at once, with the lines before it', async () => {
    // Well before the once-a-second flush of a quiet process.
    const { lines, exited } = await run('error', 300);
    expect(exited).toBe(false);
    expect(lines.map((line) => line.msg)).toEqual(['line', 'line', 'line', 'went wrong']);
  });

  it('keeps the lines of a quiet process back only until the next flush, at most about a second', async () => {
    const { lines } = await run('quiet', 1_600);
    expect(lines.map((line) => line.n)).toEqual([1, 2, 3]);
  });
});
