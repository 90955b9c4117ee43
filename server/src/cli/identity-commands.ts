import { AGENCIES, type Agency, LIMITS } from '@roundtable/shared/constants';
import { EmailSchema } from '@roundtable/shared/schemas';
import { type Command, Option } from 'commander';
import { withCliContext } from './cli-context';
import { loadConfig } from '../platform';
import { UserIdentitiesModule, UserIdentitiesService } from '../identity';

interface IdentityOptions {
  provider?: string;
  issuer?: string;
  subject: string;
}

/** The issuer named directly, or through a provider id of OIDC_PROVIDERS_FILE. */
function issuerOf(opts: IdentityOptions, providers: readonly { id: string; issuer: string }[]): string {
  if (Boolean(opts.provider) === Boolean(opts.issuer)) throw new Error('Give exactly one of --provider and --issuer');
  if (opts.issuer) return opts.issuer;
  const provider = providers.find((p) => p.id === opts.provider);
  if (!provider) {
    throw new Error(
      `No provider ${opts.provider} in OIDC_PROVIDERS_FILE (known: ${providers.map((p) => p.id).join(', ') || 'none'})`,
    );
  }
  return provider.issuer;
}

async function withIdentities<T>(
  work: (identities: UserIdentitiesService, issuer: string) => Promise<T>,
  opts: IdentityOptions,
) {
  const config = loadConfig();
  const issuer = issuerOf(opts, config.oidcProviders);
  if (!opts.subject.trim() || opts.subject.length > 255) throw new Error('--subject must be 1 to 255 characters');
  return withCliContext(config, UserIdentitiesModule, UserIdentitiesService, (identities) => work(identities, issuer));
}

/**
 * `npm run admin -- link-identity | create-sso-user`: how an administrator
 * gives someone single sign-on. Identities are linked only here (or by a
 * provider's just-in-time accounts), never because an email matches.
 */
export function registerIdentityCommands(program: Command): void {
  program
    .command('link-identity')
    .description("Let an existing account sign in through an identity provider (the person's subject there)")
    .requiredOption('--email <email>', 'the Roundtable account')
    .option('--provider <id>', 'provider id from OIDC_PROVIDERS_FILE')
    .option('--issuer <url>', 'or the issuer URL itself')
    .requiredOption('--subject <sub>', "the person's `sub` claim at the provider")
    .action(async (opts: IdentityOptions & { email: string }) => {
      const user = await withIdentities(
        (identities, issuer) => identities.link(opts.email, issuer, opts.subject),
        opts,
      );
      process.stdout.write(`Linked ${user.email} to ${opts.subject} at ${opts.provider ?? opts.issuer}\n`);
    });

  program
    .command('create-sso-user')
    .description('Create an account without a password that signs in only through an identity provider')
    .requiredOption('--email <email>', 'contact email address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--job-title <title>', 'job title')
    .addOption(new Option('--agency <agency>', 'agency').choices([...AGENCIES]).makeOptionMandatory())
    .option('--organisation <name>', 'organisation within the agency, e.g. "Testshire Police"')
    .option('--provider <id>', 'provider id from OIDC_PROVIDERS_FILE')
    .option('--issuer <url>', 'or the issuer URL itself')
    .requiredOption('--subject <sub>', "the person's `sub` claim at the provider")
    .action(
      async (
        opts: IdentityOptions & {
          email: string;
          name: string;
          jobTitle: string;
          agency: Agency;
          organisation?: string;
        },
      ) => {
        const email = EmailSchema.parse(opts.email);
        const user = await withIdentities(
          (identities, issuer) =>
            identities.provision(
              {
                email,
                displayName: opts.name.trim(),
                jobTitle: opts.jobTitle.trim(),
                agency: opts.agency,
                organisation: opts.organisation?.trim().slice(0, LIMITS.organisationMaxLength) || null,
              },
              issuer,
              opts.subject,
              'administrator',
            ),
          opts,
        );
        process.stdout.write(
          `Created ${user.email} (${user.id}), signing in through ${opts.provider ?? opts.issuer}\n`,
        );
      },
    );
}
