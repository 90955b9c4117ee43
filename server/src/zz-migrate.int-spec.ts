import { DataSource } from 'typeorm';
import { MIGRATIONS } from './platform/database/migrations';
it('migrate', async () => {
  const ds = new DataSource({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/h3_schema', migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.undoLastMigration({ transaction: 'each' });
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}, 300000);
