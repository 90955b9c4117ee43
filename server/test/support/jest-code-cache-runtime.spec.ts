import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { forcedGc, heapAfterGc } from './heap';

type CompiledWithCache = ((...args: unknown[]) => unknown) & { cachedDataRejected?: boolean };

// Jest runs this file through test/support/jest-code-cache-runtime.js, which patches vm.compileFunction
// for the whole worker: what it keeps outlives every test file, so it must hold nothing of one. (It
// kept V8's cache buffer as given, which belongs to the file's context: every file's modules stayed
// in the worker's heap, over 1 GiB late in a CI run.)
describe('the code cache kept between test files (jest-code-cache-runtime)', () => {
  const probe = path.join(os.tmpdir(), `code-cache-probe-${randomUUID()}`);

  it('is in place: a second compilation of the same source uses the first one’s cache', () => {
    const compile = () =>
      vm.compileFunction('return 6 * 7', [], {
        filename: `${probe}.js`,
        parsingContext: vm.createContext({}),
      }) as CompiledWithCache;
    expect(vm.compileFunction.name).toBe('compileWithCodeCache');
    expect(compile()()).toBe(42);
    const again = compile();
    expect(again()).toBe(42);
    expect(again.cachedDataRejected).toBe(false);
  });

  it('keeps no test file’s context alive: their heap is freed', async () => {
    const gc = forcedGc();
    const contexts = 4;
    const perContextBytes = 4_000_000 * 8; // the array below
    const before = await heapAfterGc(gc);
    for (let i = 0; i < contexts; i++) {
      // A context standing for a test file: a large heap of its own, and a module compiled in it.
      const context = vm.createContext({});
      vm.runInContext('globalThis.modules = new Array(4_000_000).fill(1.5)', context);
      vm.compileFunction('return 1', [], { filename: `${probe}-${i}.js`, parsingContext: context });
    }
    const growth = (await heapAfterGc(gc)) - before;
    // V8 may hold the last context a little longer; a leak holds all of them.
    expect(growth).toBeLessThan(2 * perContextBytes);
  });
});
