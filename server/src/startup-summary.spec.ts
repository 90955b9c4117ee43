import path from 'node:path';
import { describeDatabase, startupSummary } from './startup-summary';

describe('startupSummary', () => {
  const cwd = path.resolve('/srv/roundtable');

  it('says where to open the app, that the database is embedded and where, and how to sign in to the demo', () => {
    expect(
      startupSummary(
        'http://127.0.0.1:3000',
        { databaseUrl: undefined, dataDir: path.join(cwd, 'data'), demoData: true },
        cwd,
      ),
    ).toEqual([
      'Roundtable is running at http://127.0.0.1:3000',
      '  Database: embedded PostgreSQL, its files in ./data',
      '  Demo accounts: sam.demo@example.org (chair) and the others in the README, password roundtable-demo',
      '  Stop it with Ctrl+C',
    ]);
  });

  it('leaves the demo line out without demo data', () => {
    const lines = startupSummary(
      'http://127.0.0.1:3000',
      { databaseUrl: 'postgres://db/rt', dataDir: '/x', demoData: false },
      cwd,
    );
    expect(lines.join('\n')).not.toContain('Demo');
  });
});

describe('describeDatabase', () => {
  it("names DATABASE_URL's host, port and database, never its user or password", () => {
    const description = describeDatabase({
      databaseUrl: 'postgres://roundtable:s3cret-pass@db.internal:5433/roundtable?sslmode=verify-full',
      dataDir: '/unused',
    });
    expect(description).toBe('PostgreSQL at db.internal:5433/roundtable');
  });

  it('gives the full path of an embedded data folder outside the working directory', () => {
    expect(describeDatabase({ databaseUrl: undefined, dataDir: '/var/lib/roundtable' }, '/srv/roundtable')).toBe(
      'embedded PostgreSQL, its files in /var/lib/roundtable',
    );
  });
});
