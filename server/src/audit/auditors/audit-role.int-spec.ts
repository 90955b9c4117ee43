import { Client } from 'pg';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { TestApp } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';

/** The application's own role in deployments that use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';
const APP_ROLE_PASSWORD = 'app-role-in-tests';

for (const kind of availableDatabaseKinds()) {
  describe(`audit trail privileges of the application role [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let app: TestApp;
    let asApp: Client;

    beforeAll(async () => {
      // Empty, not a copy of the migrated template: the migrations must run after the role exists
      // (a template built before it, on a fresh machine, holds no GRANT to it).
      database = await startTestDatabase(kind, { empty: true });
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      // Roles are per cluster: create it once, before the migrations run.
      await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_ROLE_PASSWORD}'; END IF;
      END $$`);
      await admin.end();
      app = await TestApp.start(database);
      const url = new URL(database.url);
      url.username = APP_ROLE;
      url.password = APP_ROLE_PASSWORD; // ignored where the server trusts local connections
      asApp = new Client({ connectionString: url.toString() });
      asApp.on('error', () => undefined);
      await asApp.connect();
    });

    afterAll(async () => {
      await asApp?.end().catch(() => undefined);
      await app?.close();
      await database?.stop();
    });

    it('may read and append, but holds no UPDATE, DELETE or TRUNCATE privilege on the trail', async () => {
      await expect(asApp.query('SELECT count(*) FROM audit_events')).resolves.toBeDefined();
      const { rows } = await asApp.query(
        `SELECT has_table_privilege(current_user, 'audit_events', 'INSERT') AS events,
                has_table_privilege(current_user, 'audit_checkpoints', 'INSERT') AS checkpoints,
                has_table_privilege(current_user, 'audit_tree_nodes', 'INSERT') AS tree`,
      );
      expect(rows[0]).toEqual({ events: true, checkpoints: true, tree: true });
      for (const sql of [
        `UPDATE audit_events SET outcome = 'refused'`,
        `DELETE FROM audit_events`,
        `TRUNCATE audit_events`,
        `DELETE FROM audit_checkpoints`,
        `UPDATE audit_tree_nodes SET hash = hash`,
        `DELETE FROM audit_tree_nodes`,
        `TRUNCATE audit_tree_nodes`,
      ]) {
        await expect(asApp.query(sql)).rejects.toThrow(/permission denied/);
      }
    });
  });
}
