import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SERVER_SRC = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) && !/\.(int-)?spec\.ts$/.test(entry.name) ? [full] : [];
  });
}

/**
 * The append-only guards give way only inside a transaction that opened the
 * destruction gate (docs/RETENTION.md). Besides the migration that creates
 * it, the one caller must stay the retention repository, used by the
 * retention run's destruction transactions.
 */
describe('the destruction gate', () => {
  it('is opened, and audit entries tombstoned, only by the retention repository', () => {
    const callers = sourceFiles(SERVER_SRC)
      .filter((file) =>
        /retention_open_destruction\(|retention_tombstone_audit_entries\(/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => path.relative(SERVER_SRC, file))
      .sort();
    expect(callers).toEqual([
      'meeting/retention/retention.repository.ts',
      'platform/database/migrations/1766574000000-retention-and-legal-holds.ts',
    ]);
  });

  it('is used by the retention service alone', () => {
    const users = sourceFiles(SERVER_SRC)
      .filter((file) => /\.openGate\(/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SERVER_SRC, file));
    expect(users).toEqual(['meeting/retention/retention.service.ts']);
  });
});
