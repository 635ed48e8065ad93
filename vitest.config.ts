import { defineConfig } from 'vitest/config';

// Suites that spin up worker pools, Postgres or a browser share two cores with everything else:
// run files in forks (Piscina workers need a real process) and give them room.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'bridge-native/build/**', 'data/**'],
    pool: 'forks',
    testTimeout: 30_000,
    // the JSON report lets .ci/run print a plain "N passed, N failed" closing line
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    hookTimeout: 60_000,
  },
});
