import { describe, expect, it } from 'vitest';
import { parseSeedArgs } from '../src/seed-args.ts';

const TODAY = new Date('2026-03-15T17:45:00Z');

describe('the seed command line', () => {
  it('seeds the demo shop when no size is given, and a sized shop ending today (UTC) otherwise', () => {
    expect(parseSeedArgs([], TODAY).sizes).toBeUndefined();
    const sized = parseSeedArgs(['--books', '100000', '--members', '10000', '--orders', '1000000', '--events', '1000'], TODAY);
    expect(sized).toMatchObject({ sizes: { books: 100_000, members: 10_000, orders: 1_000_000, events: 1_000 }, seed: 42, cluster: false, replace: false });
    expect(sized.until.toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });

  it('sizes what is not given after the books', () => {
    expect(parseSeedArgs(['--books', '2_000'], TODAY).sizes).toEqual({ books: 2_000, members: 200, orders: 20_000, events: 20 });
    expect(parseSeedArgs(['--orders', '5'], TODAY).sizes).toEqual({ books: 100_000, members: 10_000, orders: 5, events: 1_000 });
  });

  it('takes the seed, the end day, the cluster, replace and a password', () => {
    const args = parseSeedArgs(['--books', '10', '--seed', '7', '--until', '2025-12-31', '--cluster', '--replace', '--password', 'open sesame'], TODAY);
    expect(args).toMatchObject({ seed: 7, cluster: true, replace: true, password: 'open sesame' });
    expect(args.until.toISOString()).toBe('2025-12-31T00:00:00.000Z');
  });

  it('refuses what it cannot seed', () => {
    expect(() => parseSeedArgs(['--books', 'ten'], TODAY)).toThrow(/--books takes a whole number/);
    expect(() => parseSeedArgs(['--books', '2000000'], TODAY)).toThrow(/--books takes a whole number from 0 to 1,000,000/);
    expect(() => parseSeedArgs(['--books', '10', '--until', '2025-02-30'], TODAY)).toThrow(/--until takes a date/);
    expect(() => parseSeedArgs(['--books', '10', '--members', '0'], TODAY)).toThrow(/Orders need books and members/);
    expect(() => parseSeedArgs(['--bokos', '10'], TODAY)).toThrow(/Unknown option '--bokos'/);
  });
});
