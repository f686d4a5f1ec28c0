import { defineConfig } from 'vitest/config';

// The suites that stop a shared service (RabbitMQ's restart test, the cluster's outage tests) run
// after all the others, one file at a time, so no other suite sees the outage they cause.
const outageSuites = ['packages/kit/test/bus-rabbitmq.test.ts', 'apps/cluster/test/outages/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['./packages/kit/test/global-setup.ts', './apps/web/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files two at a time so concurrency tests measure the code, not a starved machine.
    maxWorkers: 2,
    pool: 'forks',
    // The built web app is Node's to load as it is (as `npm start` does), not Vite's to transform.
    server: { deps: { external: [/apps\/web\/\.output\//] } },
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          // Explicit, so stray folders (data/, node_modules of tools) are never collected as tests.
          include: [
            'packages/*/test/**/*.test.ts',
            'services/*/test/**/*.test.ts',
            'apps/*/test/**/*.test.ts',
            'apps/services/template/test/**/*.test.ts',
            'lint/test/**/*.test.ts',
            'deploy/test/**/*.test.ts',
          ],
          exclude: outageSuites,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'outages', include: outageSuites, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
