import { defineConfig } from 'oxlint';
import { importBoundaries } from './lint/import-boundaries.ts';

// oxlint's correctness set (code that is outright wrong or useless) plus the type-aware rules this gate
// exists for, checked by tsgolint on the same TypeScript 7 as `npm run typecheck`. A TypeScript config
// needs Node >= 22.18: run it through npm (`npm run lint`), which puts the project's Node 24 first.
export default defineConfig({
  options: { typeAware: true, denyWarnings: true, reportUnusedDisableDirectives: 'error' },
  plugins: ['eslint', 'typescript', 'unicorn', 'oxc'],
  categories: { correctness: 'error' },
  ignorePatterns: ['packages/contracts/src/gen/**'],
  rules: {
    'typescript/no-floating-promises': 'error',
    'typescript/no-misused-promises': 'error',
    'typescript/await-thenable': 'error',
    'typescript/switch-exhaustiveness-check': 'error',
    'eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    'eslint/prefer-const': 'error',
    'eslint/eqeqeq': 'error',
    // Node's URL and URLSearchParams (types from @types/node: no DOM lib here) print well in a template.
    'typescript/restrict-template-expressions': [
      'error',
      {
        allow: [
          { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
          { from: 'package', package: '@types/node', name: ['URL', 'URLSearchParams'] },
        ],
      },
    ],
    // Correctness rules that misfire on code that is right here:
    // check digits are computed by spreading ASCII digit strings;
    'typescript/no-misused-spread': 'off',
    // tuples sorted in their default order on purpose (and an idempotency hash depends on that order);
    'typescript/require-array-sort-compare': 'off',
    // arrays sized up front and filled by index.
    'unicorn/no-new-array': 'off',
  },
  overrides: [
    {
      files: ['**/test/**', '**/*.test.ts'],
      plugins: ['vitest'],
      rules: {
        'vitest/no-focused-tests': 'error',
        'vitest/no-disabled-tests': 'error',
        'vitest/no-commented-out-tests': 'error',
        // Fakes and fixtures: a test's stand-ins may stringify loosely and pass methods around.
        'typescript/no-base-to-string': 'off',
        'typescript/unbound-method': 'off',
        // Jest's rules that misread Vitest: `expect(value, message)` takes a message, set-up blocks
        // may assert what they prepared, and a check may sit under the condition it is about.
        'vitest/valid-expect': 'off',
        'vitest/no-standalone-expect': 'off',
        'vitest/no-conditional-expect': 'off',
      },
    },
    ...importBoundaries(import.meta.dirname),
  ],
});
