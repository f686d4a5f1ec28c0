import { describe, inject } from 'vitest';
import { testBackends } from './backends.ts';
import type { TestBackend } from './backends.ts';

/**
 * Declares a suite once per backend (PGlite + in-process cache, real PostgreSQL + Redis). A backend
 * that is not reachable here is skipped, and the run's header says why; in CI it is an error.
 *
 * @example
 *   describeEachBackend('stock adjustments', (backend) => {
 *     let storage: TestStorage;
 *     beforeAll(async () => { storage = await backend.open(); });
 *     it('never goes below zero', async () => { ... });
 *   });
 */
export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  for (const backend of testBackends(inject('realServices'), inject('pgliteTemplate'))) {
    describe.skipIf(backend.unavailable !== undefined)(`${title} (${backend.name})`, () => body(backend));
  }
}
