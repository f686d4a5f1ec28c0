import type { Counter } from 'prom-client';
import { counter } from '../metrics/registry.ts';

/** The counters of one cache scope's `getOrLoad`, bound to its labels once (an inc per read stays cheap). */
export interface CacheLookups {
  scope: string;
  hit: Counter.Internal;
  /** Found a load of the same key in flight and waited for it: a miss that cost no second load. */
  joined: Counter.Internal;
  miss: Counter.Internal;
}

/**
 * `pustaka_cache_lookups_total{scope, outcome}` for a scope (`catalog`, `analytics:answers`): the
 * scopes are named in code, so the series stay few.
 *
 * @example
 *   cacheLookups('catalog').hit.inc();
 */
export function cacheLookups(scope: string): CacheLookups {
  const lookups = counter(
    'pustaka_cache_lookups_total',
    'Cache-aside reads (getOrLoad) by scope and outcome: hit, miss (loaded), joined (waited for a load in flight)',
    ['scope', 'outcome'],
  );
  const name = scope === '' ? 'root' : scope;
  // Each series from zero, so a rate over a scope that has only missed so far is 0 hits, not no data.
  for (const outcome of ['hit', 'joined', 'miss']) lookups.inc({ scope: name, outcome }, 0);
  return {
    scope,
    hit: lookups.labels({ scope: name, outcome: 'hit' }),
    joined: lookups.labels({ scope: name, outcome: 'joined' }),
    miss: lookups.labels({ scope: name, outcome: 'miss' }),
  };
}
