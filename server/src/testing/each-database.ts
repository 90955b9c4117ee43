import type { DatabaseHandle } from '../database/embedded-postgres';
import { availableDatabaseKinds, type DatabaseKind, startTestDatabase } from './test-database';
import { TestApp } from './test-app';

export interface AppContext {
  readonly kind: DatabaseKind;
  readonly database: DatabaseHandle;
  app: TestApp;
}

/**
 * Runs a suite once per PostgreSQL setup (embedded and the machine's), with
 * a fresh database and the real app on a free port for each.
 */
export function describeEachDatabase(name: string, suite: (ctx: AppContext) => void): void {
  for (const kind of availableDatabaseKinds()) {
    describe(`${name} [${kind} PostgreSQL]`, () => {
      const ctx = { kind } as { kind: DatabaseKind; database: DatabaseHandle; app: TestApp };
      beforeAll(async () => {
        ctx.database = await startTestDatabase(kind);
        ctx.app = await TestApp.start(ctx.database);
      });
      afterAll(async () => {
        await ctx.app?.close();
        await ctx.database?.stop();
      });
      suite(ctx);
    });
  }
}
