import { describeEachDatabase } from '../../../test/support/each-database';
import { MIGRATIONS } from './migrations';

/**
 * The schema builder diffs entities against the migrated database. The
 * migrations add database-side guards the entities do not model (CHECKs,
 * partial indexes, extra foreign keys); the builder would drop those, so
 * drops are ignored. Anything an entity adds or changes must be a migration.
 */
const DATABASE_ONLY_EXTRAS = /^(ALTER TABLE "\w+" DROP CONSTRAINT|DROP INDEX)/;

describeEachDatabase('migrations', (ctx) => {
  it('leave no entity change without a migration', async () => {
    const pending = await ctx.app.dataSource.driver.createSchemaBuilder().log();
    const missing = pending.upQueries.map((q) => q.query).filter((sql) => !DATABASE_ONLY_EXTRAS.test(sql));
    expect(missing).toEqual([]);
  });

  it('run at start and are recorded', async () => {
    const rows: { name: string }[] = await ctx.app.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });
});
