import { defineConfig } from 'vitest/config';

// One test runner for every package. Workspace packages resolve to their TypeScript sources through the
// `@parcours/source` export condition, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['@parcours/source'] },
  ssr: { resolve: { conditions: ['@parcours/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
