import type { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS } from './demo-data';

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
export async function findEnabledDemoAccounts(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT email FROM users WHERE lower(email) = ANY($1::text[]) AND disabled_at IS NULL ORDER BY email`,
    [DEMO_ACCOUNT_EMAILS],
  )) as { email: string }[];
  return rows.map((r) => r.email);
}
