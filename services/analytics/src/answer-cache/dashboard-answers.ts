import { createHash, randomUUID } from 'node:crypto';
import type { Cache } from '@pustaka/kit/cache';
import { counter } from '@pustaka/kit/metrics';
import { monthOf, monthsTouched } from '../calendar/shop-calendar.ts';

/**
 * Dashboard answers, cache-aside, keyed by what they read. Every answer reads whole shop days of
 * one window, and the names and stock beside them. The cache holds a mark per month ("the days of
 * March 2025 last changed as X") and one for the reference data; an answer's key carries the marks
 * of the months its window touches and the reference mark. An event that moves a figure gives the
 * months of its days a new mark (and the reference data, when it changed a name or the low-stock
 * list), so the next read of any answer over those months misses and computes afresh, while an
 * answer over other months stays cached. Stale answers are never deleted one by one: nothing
 * reads their keys again, and they expire.
 *
 * A mark outlives every answer made before it was set (twice the answers' TTL, at least a day),
 * so when it expires and reads as absent again no answer keyed "absent" from before is still
 * there. Marks are new random ids, never counters, so a mark cannot come back to an old value.
 */

const REFERENCE_MARK = 'mark:reference';
const markOfMonth = (month: string) => `mark:month:${month}`;

const computations = () =>
  counter('pustaka_analytics_dashboard_computations_total', 'Dashboard answers computed from the rollups (cache misses), by answer', ['answer']);

/** The window of shop days an answer reads (its range and the range before it). */
export interface AnswerWindow {
  from: string;
  to: string;
}

/** What a batch of events changed, as the marks see it. */
export interface ChangedFigures {
  days: Iterable<string>;
  reference: boolean;
}

/**
 * The answer named `name` over `window`: cached, or computed once however many ask at the same
 * time (the cache's `getOrLoad` collapses concurrent misses of one key into one load).
 *
 * @example
 *   const summary = await dashboardAnswer(cache, 300, 'summary', `summary:${from}:${to}:day`, { from: previousFrom, to }, () => computeSummary(...));
 */
export async function dashboardAnswer<T>(
  cache: Cache,
  ttlSeconds: number,
  answer: string,
  name: string,
  window: AnswerWindow,
  compute: () => Promise<T>,
): Promise<T> {
  const marks = await Promise.all([REFERENCE_MARK, ...monthsTouched(window.from, window.to).map(markOfMonth)].map((key) => cache.get<string>(key)));
  const digest = createHash('sha256')
    .update(marks.map((mark) => mark ?? '-').join(','))
    .digest('base64url')
    .slice(0, 22);
  const value = await cache.getOrLoad(`answer:${name}:${digest}`, ttlSeconds, async () => {
    computations().inc({ answer });
    return compute();
  });
  return value as T;
}

/**
 * Gives the months of the changed days (and the reference data, when it changed) new marks: every
 * cached answer that read them is out of date from now on. Call it after the change has committed.
 *
 * @example
 *   await forgetAnswersOver(cache, 300, { days: ['2025-03-04'], reference: false });
 */
export async function forgetAnswersOver(cache: Cache, ttlSeconds: number, changed: ChangedFigures): Promise<void> {
  const months = new Set([...changed.days].map(monthOf));
  const keys = [...[...months].map(markOfMonth), ...(changed.reference ? [REFERENCE_MARK] : [])];
  const markTtl = Math.max(2 * ttlSeconds, 86_400);
  await Promise.all(keys.map((key) => cache.set(key, randomUUID(), markTtl)));
}
