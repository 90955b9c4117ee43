import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

const SOURCE = fileURLToPath(new URL('./src/', import.meta.url));
const TEST_FILES = ['src/**/*.test.{ts,tsx}'];
/** The test files that call vi.mock, found by reading them: a new one is isolated without being listed. */
const MOCKING_FILES = readdirSync(SOURCE, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.test\.tsx?$/.test(file) && /\bvi\.mock\(/.test(readFileSync(path.join(SOURCE, file), 'utf8')))
  .map((file) => `src/${file.split(path.sep).join('/')}`);

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
      // Files share a worker's loaded modules (isolate: false): loading them again for every file was
      // four fifths of the run (54 s against 12 s on this 2-core machine). Each file still gets a
      // fresh page, storage and globals (the environment is set up per file). A file that replaces
      // modules (vi.mock) runs with its own, so its mocks cannot reach another file.
      projects: [
        {
          extends: true,
          test: { name: 'shared-modules', include: TEST_FILES, exclude: MOCKING_FILES, isolate: false },
        },
        ...(MOCKING_FILES.length > 0
          ? [{ extends: true as const, test: { name: 'own-modules', include: MOCKING_FILES } }]
          : []),
      ],
      reporters: ['default', 'json'],
      outputFile: { json: '../test-results/vitest.json' },
    },
  }),
);
