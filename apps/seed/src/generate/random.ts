import { Faker, base, en, generateMersenne53Randomizer, id_ID } from '@faker-js/faker';
import type { Randomizer } from '@faker-js/faker';
import { v7 } from 'uuid';

/**
 * One seeded source of randomness for one kind of data. Each kind (books, members, orders...) has
 * its own stream, derived from the seed and the kind's name, so asking for more orders never
 * changes the books, and a stream read in order gives the same values on every run.
 */
export interface RandomStream {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A time-ordered UUIDv7 for `msecs`, its random bits from this stream. */
  uuidAt(msecs: number): string;
  /** Faker over this stream, in Indonesian (English where Indonesian has no data). */
  readonly indonesian: Faker;
  /** Faker over this stream, in English. */
  readonly english: Faker;
}

/**
 * The stream of `kind` under `seed`.
 *
 * @example
 *   const random = randomStream(42, 'books');
 *   random.int(1, 6); // the same number on every run with seed 42
 */
export function randomStream(seed: number, kind: string): RandomStream {
  const randomizer: Randomizer = generateMersenne53Randomizer();
  randomizer.seed([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, hashOf(kind)]);
  const next = () => randomizer.next();
  const bytes = new Uint8Array(16);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    uuidAt: (msecs) => {
      for (let i = 0; i < 16; i += 4) {
        const word = Math.floor(next() * 2 ** 32);
        bytes[i] = word & 0xff;
        bytes[i + 1] = (word >>> 8) & 0xff;
        bytes[i + 2] = (word >>> 16) & 0xff;
        bytes[i + 3] = word >>> 24;
      }
      return v7({ msecs, random: bytes });
    },
    indonesian: new Faker({ locale: [id_ID, en, base], randomizer }),
    english: new Faker({ locale: [en, base], randomizer }),
  };
}

/**
 * Draws indexes in proportion to their weights (a popularity skew), in O(log n) a draw.
 *
 * @example
 *   const draw = weightedSampler([5, 1, 1]);
 *   draw(random.next()); // 0 about five times in seven
 */
export function weightedSampler(weights: ArrayLike<number>): (uniform: number) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    cumulative[i] = total;
  }
  return (uniform) => {
    const target = uniform * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/**
 * Zipf-like weights over `count` items in a shuffled order: a few items weigh much, most little.
 * `offset` flattens the head so the first item is not absurdly heavier than the tenth.
 *
 * @example
 *   const weights = zipfWeights(random, 100_000, 1.05, 20); // weights[i] of item i
 */
export function zipfWeights(random: RandomStream, count: number, exponent: number, offset: number): Float64Array {
  const ranks = shuffledIndexes(random, count);
  const weights = new Float64Array(count);
  for (let rank = 0; rank < count; rank++) weights[ranks[rank]!] = 1 / (rank + offset) ** exponent;
  return weights;
}

/** 0..count-1 in a random order (Fisher–Yates). */
export function shuffledIndexes(random: RandomStream, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/** FNV-1a of a text: the stream of each kind of data gets a seed word of its own. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
