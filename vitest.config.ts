import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit, so stray folders (data/, node_modules of tools) are never collected as tests.
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    globalSetup: ['./packages/kit/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files two at a time so concurrency tests measure the code, not a starved machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
