import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test` has to stay under 5 minutes on 2 cores (issue 14). Two things make that hold:
// - one worker per core: vitest's default is one less than the cores, a single worker on 2;
// - test files share their worker's module cache (isolate: false), so the library is loaded
//   once per worker rather than once per file (import time fell from 136 s to 9 s of worker
//   time). A file that replaces a module (vi.mock) needs a fresh module graph: it runs in the
//   isolated project.
const ISOLATED = ['tests/parse/latexRoundTrip.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['tests/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
