import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo';
import type { AppConfig } from './platform';

/**
 * Which database the app uses, safe to print: the embedded one's folder, or
 * the host, port and database name of DATABASE_URL (never its user or password).
 */
export function describeDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  workingDirectory = process.cwd(),
): string {
  if (!config.databaseUrl) {
    const relative = path.relative(workingDirectory, config.dataDir);
    const folder =
      relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : config.dataDir;
    return `embedded PostgreSQL, its files in ${folder}`;
  }
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/** What a person who just ran `npm start` needs: where to open the app, which database, how to sign in to the demo. */
export function startupSummary(
  url: string,
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'demoData'>,
  workingDirectory = process.cwd(),
): string[] {
  const chair = DEMO_ACCOUNTS.find((account) => account.role === 'chair');
  return [
    `Roundtable is running at ${url}`,
    `  Database: ${describeDatabase(config, workingDirectory)}`,
    ...(config.demoData && chair
      ? [`  Demo accounts: ${chair.email} (chair) and the others in the README, password ${DEMO_PASSWORD}`]
      : []),
    '  Stop it with Ctrl+C',
  ];
}
