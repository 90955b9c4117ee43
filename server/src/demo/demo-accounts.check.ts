import type { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS } from './demo-data';
import { DemoRepository } from './demo.repository';

/** Emails of the fictional demo accounts (DOMAIN.md §9): their password is in the README. */
export const DEMO_ACCOUNT_EMAILS: readonly string[] = DEMO_ACCOUNTS.map((a) => a.email.toLowerCase());

/** A line for each enabled demo account found in the database (a production database must have none). */
export function demoAccountProblems(enabledDemoEmails: readonly string[]): string[] {
  if (enabledDemoEmails.length === 0) return [];
  return [
    `database: enabled demo accounts with a published password exist (${enabledDemoEmails.join(', ')}); disable them with \`npm run admin -- disable-user --email …\``,
  ];
}

/** Emails of demo accounts that exist and are not disabled. */
export function findEnabledDemoAccounts(dataSource: DataSource): Promise<string[]> {
  // Called at boot before the app serves anything, with the app's DataSource (not through DI).
  return new DemoRepository(dataSource).findEnabledAccountEmails(DEMO_ACCOUNT_EMAILS);
}
