import type { DatabaseHandle } from '../../src/platform/database/embedded-postgres';
import { availableDatabaseKinds, type DatabaseKind, oneDatabaseKind, startTestDatabase } from './test-database';
import { TestApp } from './test-app';

export interface AppContext {
  readonly kind: DatabaseKind;
  readonly database: DatabaseHandle;
  app: TestApp;
}

/**
 * Runs a suite once per PostgreSQL setup (embedded and the machine's), with
 * a fresh database and the real app on a free port for each. For suites
 * whose outcome can depend on the database: storage, migrations, locking,
 * the audit chain, the collab log.
 */
export function describeEachDatabase(name: string, suite: (ctx: AppContext) => void): void {
  describeOnDatabases(name, availableDatabaseKinds(), {}, suite);
}

export interface AppOptions {
  /** Extra server environment for the suite's app (see TestApp.start), e.g. API_DOCS: 'true'. */
  env?: Record<string, string>;
}

/**
 * Runs a suite on one real PostgreSQL: the machine's when there is one (so
 * always in CI), else the embedded one. For suites of behaviour above the
 * database (authorisation, identity, limits, headers), which the other
 * setup would only repeat at twice the CI time.
 */
export function describeOnOneDatabase(name: string, suite: (ctx: AppContext) => void): void;
export function describeOnOneDatabase(name: string, options: AppOptions, suite: (ctx: AppContext) => void): void;
export function describeOnOneDatabase(
  name: string,
  first: AppOptions | ((ctx: AppContext) => void),
  second?: (ctx: AppContext) => void,
): void {
  const [options, suite] = typeof first === 'function' ? [{}, first] : [first, second!];
  describeOnDatabases(name, [oneDatabaseKind()], options, suite);
}

function describeOnDatabases(
  name: string,
  kinds: readonly DatabaseKind[],
  options: AppOptions,
  suite: (ctx: AppContext) => void,
): void {
  for (const kind of kinds) {
    describe(`${name} [${kind} PostgreSQL]`, () => {
      const ctx = { kind } as { kind: DatabaseKind; database: DatabaseHandle; app: TestApp };
      beforeAll(async () => {
        ctx.database = await startTestDatabase(kind);
        ctx.app = await TestApp.start(ctx.database, options.env);
      });
      afterAll(async () => {
        await ctx.app?.close();
        await ctx.database?.stop();
      });
      suite(ctx);
    });
  }
}
