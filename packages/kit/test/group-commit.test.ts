import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { groupCommit, NotTogether, togetherOrAlone } from '../src/db/group-commit.ts';

/** A logger that keeps its warnings, to see which group failures were reported. */
function recordingLogger() {
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
  return { logger, warnings };
}

describe('groupCommit', () => {
  it('serves what arrives while a group runs as the next group, in arrival order', async () => {
    const groups: number[][] = [];
    const double = groupCommit(3, async (items: number[]) => {
      groups.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(double));
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(groups).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('rejects every item of a group whose work failed, and goes on with the next', async () => {
    const run = groupCommit(2, async (items: number[]) => {
      if (items.includes(1)) throw new Error('group failed');
      return items;
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map(run));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});

describe('togetherOrAlone', () => {
  const setUp = (together: (items: string[]) => Promise<Map<string, string>>) => {
    const { logger, warnings } = recordingLogger();
    const groups: string[][] = [];
    const alone: string[] = [];
    const serve = togetherOrAlone<string, string>({
      maxSize: 10,
      keyOf: (item) => item.split('#')[0]!,
      together: async (items) => {
        groups.push(items);
        return together(items);
      },
      alone: async (item) => {
        alone.push(item);
        if (item.startsWith('bad')) throw new Error(`refused ${item}`);
        return `alone:${item}`;
      },
      logger,
      what: 'test',
    });
    return { serve, groups, alone, warnings };
  };

  it('serves a group together and what it left out alone, each caller with its own answer', async () => {
    const { serve, groups, alone } = setUp(async (items) => new Map(items.filter((item) => item !== 'b').map((item) => [item, `together:${item}`])));
    const outcomes = await Promise.allSettled(['a', 'b', 'c', 'a#retry'].map(serve));
    expect(groups).toEqual([['a', 'b', 'c']]);
    // 'b' was left out; 'a#retry' shares a key with 'a', so it waits for the group and goes alone.
    expect(alone.sort()).toEqual(['a#retry', 'b']);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'together:a' },
      { status: 'fulfilled', value: 'alone:b' },
      { status: 'fulfilled', value: 'together:c' },
      { status: 'fulfilled', value: 'alone:a#retry' },
    ]);
  });

  it('serves every item alone when the group cannot be served together, logging only the unexpected', async () => {
    const expected = setUp(async () => {
      throw new NotTogether('one of them cannot go with the others');
    });
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map(expected.serve));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused bad');
    expect(expected.alone.sort()).toEqual(['a', 'bad', 'c']);
    expect(expected.warnings).toEqual([]);

    const unexpected = setUp(async () => {
      throw new Error('a bug in the group path');
    });
    await Promise.all(['a', 'c'].map(unexpected.serve));
    expect(unexpected.alone.sort()).toEqual(['a', 'c']);
    expect(unexpected.warnings).toEqual(['test group failed; serving its items one by one']);
  });

  it('serves a lone item alone, without offering a group of one', async () => {
    const { serve, groups } = setUp(async () => new Map());
    expect(await serve('a')).toBe('alone:a');
    expect(groups).toEqual([]);
  });
});
