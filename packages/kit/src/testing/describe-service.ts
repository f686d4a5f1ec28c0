import { afterAll, beforeAll } from 'vitest';
import type { TestBackend, TestStorage } from './backends.ts';
import { describeEachBackend } from './describe-each-backend.ts';

/** What a suite's body is handed besides the started service: its backend, and the storage under it. */
export interface ServiceSuite {
  backend: TestBackend;
  /** The backend's storage, usable from the first hook or test on (as the started service is). */
  storage: TestStorage;
}

/**
 * Declares a suite once per backend (see `describeEachBackend`), and around it the set-up every
 * service suite repeats: opens the backend's storage and calls `start(storage)` before the first
 * test, then closes what `start` returned (its `close()`, if it has one) and disposes of the storage
 * after the last. The body gets the started value at once, to use in its hooks and tests: it is
 * filled in before the first of them runs, and using it before then (in the body itself) throws.
 * A `beforeAll` in the body runs after `start`, so it can build on what was started.
 *
 * @example
 *   describeService('stock adjustments', startCatalog, (sut, { storage }) => {
 *     let categoryId: string;
 *     beforeAll(async () => { categoryId = await createCategory(sut); });
 *     it('never goes below zero', async () => { await sut.api.post(...); });
 *   });
 */
export function describeService<Started extends object>(
  title: string,
  start: (storage: TestStorage) => Promise<Started>,
  body: (started: Started, suite: ServiceSuite) => void,
): void {
  describeEachBackend(title, (backend) => {
    const storage = lateBound<TestStorage>('the storage');
    const started = lateBound<Started>(`what ${title} started`);
    beforeAll(async () => {
      storage.fill(await backend.open());
      started.fill(await start(storage.value));
    });
    afterAll(async () => {
      const value = started.filled();
      try {
        if (value && 'close' in value && typeof value.close === 'function') await (value.close as () => Promise<void>)();
      } finally {
        await storage.filled()?.dispose();
      }
    });
    body(started.value, { backend, storage: storage.value });
  });
}

interface LateBound<T extends object> {
  /** Stands for the value once filled; reading it earlier throws with `what` in the message. */
  value: T;
  fill(value: T): void;
  filled(): T | undefined;
}

// A stand-in that forwards every read to the value filled in later, so a suite's body can name it
// (`sut.api`) where it is declared, without a `let` and a getter per field.
function lateBound<T extends object>(what: string): LateBound<T> {
  let target: T | undefined;
  const filled = (): T => {
    if (target === undefined) throw new Error(`${what} is used before the suite started: use it in a hook or a test`);
    return target;
  };
  const value = new Proxy({} as T, {
    get: (_, key) => Reflect.get(filled(), key),
    set: (_, key, newValue) => Reflect.set(filled(), key, newValue),
    has: (_, key) => Reflect.has(filled(), key),
    ownKeys: () => Reflect.ownKeys(filled()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(filled(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  return {
    value,
    fill: (each) => {
      target = each;
    },
    filled: () => target,
  };
}
