import 'reflect-metadata';
import { AGENCIES } from '@roundtable/shared/constants';
import { SetOrganisationRequestSchema } from '@roundtable/shared/admin';
import { CreateUserRequestSchema } from '@roundtable/shared/schemas';
import { Command, Option } from 'commander';
import { AdminModule, AdminUsersService } from '../identity';
import { ConfigError, DomainError, loadConfig } from '../platform';
import { registerIdentityCommands } from './identity-commands';
import { withCliContext } from './cli-context';

/** Reads a password from standard input (so it never appears in shell history or `ps`). */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Runs `work` with the same service the admin API uses: every change is
 * audited (actor: the CLI) and NOTIFYs running servers through PostgreSQL,
 * which close the person's live connections at once.
 */
async function withServices<T>(work: (users: AdminUsersService) => Promise<T>): Promise<T> {
  return withCliContext(loadConfig(), AdminModule, AdminUsersService, work);
}

const program = new Command('admin').description(
  'Roundtable administration (uses DATABASE_URL, else the embedded database)',
);

program
  .command('create-user')
  .description('Create a local account; the password is read from standard input')
  .requiredOption('--email <email>', 'sign-in email address')
  .requiredOption('--name <name>', 'display name, e.g. "DS Jordan Mock"')
  .requiredOption('--job-title <title>', 'job title, e.g. "Detective sergeant"')
  .addOption(new Option('--agency <agency>', 'agency').choices([...AGENCIES]).makeOptionMandatory())
  .option('--organisation <name>', 'organisation within the agency, e.g. "Testshire Police"')
  .option('--admin', 'administrator', false)
  .option('--auditor', 'safeguarding partner reviewer (audit trail and final records only)', false)
  .option('--can-chair', 'may convene and chair strategy discussions (team managers, child protection chairs)', false)
  .option('--team-manager', 'MACPT team manager: sees the caseload of every LCPP in their organisation', false)
  .action(
    async (opts: {
      email: string;
      name: string;
      jobTitle: string;
      agency: string;
      organisation?: string;
      admin: boolean;
      auditor: boolean;
      canChair: boolean;
      teamManager: boolean;
    }) => {
      const parsed = CreateUserRequestSchema.safeParse({
        email: opts.email,
        password: await readPasswordFromStdin(),
        displayName: opts.name,
        jobTitle: opts.jobTitle,
        agency: opts.agency,
        organisation: opts.organisation,
        isAdmin: opts.admin,
        isAuditor: opts.auditor,
        canChair: opts.canChair,
        teamManager: opts.teamManager,
      });
      if (!parsed.success) {
        throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      }
      const user = await withServices((users) => users.create(parsed.data, { via: 'cli' }));
      process.stdout.write(`Created ${user.email} (${user.id})\n`);
    },
  );

program
  .command('set-chair-permission')
  .description('Give or take away the permission to convene and chair strategy discussions; audited')
  .requiredOption('--email <email>')
  .addOption(new Option('--can-chair <answer>', 'may convene and chair').choices(['yes', 'no']).makeOptionMandatory())
  .action(async (opts: { email: string; canChair: 'yes' | 'no' }) => {
    const user = await withServices(async (users) =>
      users.setChairPermission(await users.idByEmail(opts.email), opts.canChair === 'yes', { via: 'cli' }),
    );
    process.stdout.write(`${user.email} ${user.canChair ? 'may' : 'may not'} convene and chair meetings\n`);
  });

program
  .command('set-organisation')
  .description('Set (or with --clear, remove) the organisation within its agency an account belongs to; audited')
  .requiredOption('--email <email>')
  .option('--organisation <name>', 'e.g. "Testshire NHS Foundation Trust"')
  .option('--clear', 'remove the organisation', false)
  .action(async (opts: { email: string; organisation?: string; clear: boolean }) => {
    if (opts.clear === (opts.organisation !== undefined))
      throw new Error('Give either --organisation <name> or --clear');
    const parsed = SetOrganisationRequestSchema.safeParse({ organisation: opts.clear ? null : opts.organisation });
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
    const user = await withServices(async (users) =>
      users.setOrganisation(await users.idByEmail(opts.email), parsed.data.organisation, { via: 'cli' }),
    );
    process.stdout.write(`${user.email}: organisation ${user.organisation ?? 'none'}\n`);
  });

program
  .command('disable-user')
  .description('Disable an account, end all its sessions and close its live connections on running servers')
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) => {
    const { sessionsEnded } = await withServices(async (users) =>
      users.disable(await users.idByEmail(opts.email), { via: 'cli' }),
    );
    process.stdout.write(`Disabled ${opts.email}; ${sessionsEnded} session(s) ended\n`);
  });

program
  .command('enable-user')
  .description('Re-enable a disabled account')
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) => {
    await withServices(async (users) => users.enable(await users.idByEmail(opts.email), { via: 'cli' }));
    process.stdout.write(`Enabled ${opts.email}\n`);
  });

program
  .command('end-sessions')
  .description('End every session of an account and close its live connections (the account stays enabled)')
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) => {
    const { sessionsEnded } = await withServices(async (users) =>
      users.endSessions(await users.idByEmail(opts.email), { via: 'cli' }),
    );
    process.stdout.write(`Ended ${sessionsEnded} session(s) of ${opts.email}\n`);
  });

program
  .command('reset-mfa')
  .description(
    "Remove an account's authenticator app and recovery codes (both lost) and end its sessions; audited. " +
      'The person signs in with their password and sets up again where their role requires it',
  )
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) => {
    const { sessionsEnded } = await withServices(async (users) =>
      users.resetMfa(await users.idByEmail(opts.email), { via: 'cli' }),
    );
    process.stdout.write(`Two-factor authentication removed for ${opts.email}; ${sessionsEnded} session(s) ended\n`);
  });

registerIdentityCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const known = error instanceof DomainError || error instanceof ConfigError || error instanceof Error;
  process.stderr.write(`${known ? (error as Error).message : String(error)}\n`);
  process.exit(1);
});
