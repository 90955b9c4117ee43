import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/**
 * The client's unit and component tests (`src/**\/*.test.ts(x)`, beside the code),
 * in a simulated DOM (happy-dom). Jest runs the server's tiers and does not see
 * these. Besides the console, results go to ../test-results/vitest.json, which
 * .ci/run adds to Jest's counts.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.{ts,tsx}'],
      environment: 'happy-dom',
      setupFiles: ['./test/setup.ts'],
      // Component tests type into forms one keystroke at a time (user-event); on a busy two-core CI machine
      // a long form takes a few seconds, so the 5 s default would fail tests that are right.
      testTimeout: 15_000,
      // Every core: nothing else runs beside these tests (npm test runs Jest after them). Vitest's default
      // leaves one core free; on the two-core CI machine that is one worker (58 s here, 41 s with two).
      maxWorkers: availableParallelism(),
      restoreMocks: true,
      unstubGlobals: true,
      reporters: ['default', 'json'],
      outputFile: { json: '../test-results/vitest.json' },
    },
  }),
);
